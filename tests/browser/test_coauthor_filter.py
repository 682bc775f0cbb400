"""Co-authors are picked by name: typing narrows the list, diacritics ignored."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_typing_a_name_narrows_the_colleagues(page, live_server, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("staff.binhtan")
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + "/ideas/new/")
    select = page.locator("select[name=co_authors]")
    expect(select.locator("option")).to_have_count(2)  # Nguyễn Văn Minh, Phạm Quốc Bảo
    page.get_by_placeholder("Gõ tên để tìm nhanh").fill("bao")
    expect(select.locator("option:not([hidden])")).to_have_count(1)
    expect(select.locator("option:not([hidden])")).to_have_text("Phạm Quốc Bảo")
    select.select_option(label="Phạm Quốc Bảo")
    page.get_by_placeholder("Gõ tên để tìm nhanh").fill("")
    expect(select.locator("option:not([hidden])")).to_have_count(2)
