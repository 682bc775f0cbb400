"""Browser journey in real Chromium: sign in as a demo account, the dashboard, language, sign out."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect


@pytest.fixture
def demo(settings, transactional_db):
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False


@pytest.mark.django_db(transaction=True)
def test_sign_in_dashboard_language_and_sign_out(page, live_server, demo):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()

    page.get_by_label("Tên đăng nhập").fill("head.binhtan")
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", name="Xin chào, Nguyễn Văn Minh")).to_be_visible()
    expect(page.locator(".portal-whoami")).to_contain_text("UBND phường Bình Tân")
    expect(page.locator(".portal-whoami")).to_contain_text("Thủ trưởng đơn vị")
    expect(page.get_by_text("Thời hạn sắp tới")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Hello, Nguyễn Văn Minh")).to_be_visible()
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.get_by_role("heading", name="Xin chào, Nguyễn Văn Minh")).to_be_visible()

    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(live_server.url + "/accounts/login/")
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_sign_in_works_at_phone_width_with_the_keyboard(page, live_server, demo):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/accounts/login/")
    skip = page.get_by_role("link", name="Chuyển đến nội dung chính")
    skip.focus()
    expect(skip).to_be_visible()  # hidden until focused
    page.get_by_label("Tên đăng nhập").focus()
    page.keyboard.type("staff.binhtan")
    page.keyboard.press("Tab")
    page.keyboard.type("demo12345")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Xin chào, Lê Thị Mai")).to_be_visible()
    # The menu collapses behind a button at phone width.
    page.get_by_role("button", name="Mở danh mục").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
