"""Browser journey in real Chromium: a head nominates a person for the City certificate citing a
recognised idea and submits; the committee approves and confers; the committee downloads the list as
CSV and XLSX, and both files are read back."""

import csv
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.models import User
from accounts.selectors import roles_of
from awards.models import AwardType, Nomination
from ideas.models import Idea


@pytest.fixture
def demo(settings, transactional_db):
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False


def sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xin chào", exact=False)).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_nominate_submit_approve_confer_and_export(page, live_server, demo):
    base = live_server.url
    head = User.objects.get(username="head.binhtan")
    nominee = User.objects.get(username="staff.binhtan")
    idea = Idea.objects.filter(status="recognised", unit_id__in=roles_of(head).supervised).first()
    assert idea is not None
    city = AwardType.objects.get(code="city_certificate")
    page.on("dialog", lambda dialog: dialog.accept())

    # The head nominates staff.binhtan, citing the recognised idea, and submits.
    sign_in(page, base, "head.binhtan")
    page.get_by_role("link", name="Đề nghị khen thưởng", exact=True).first.click()
    page.get_by_role("link", name="Lập đề nghị khen thưởng").click()
    page.get_by_label("Hình thức khen thưởng").select_option(str(city.pk))
    page.get_by_label("Cá nhân", exact=True).select_option(str(nominee.pk))
    page.get_by_label("Tóm tắt thành tích").fill(
        "Đề xuất =HYPERLINK số hoá hồ sơ một cửa, giảm 60% thời gian."
    )
    page.locator(f'input[name="ideas"][value="{idea.pk}"]').check()
    page.get_by_role("button", name="Lưu bản nháp").click()
    nomination = Nomination.objects.get(nominee=nominee)
    expect(page).to_have_url(f"{base}/awards/nominations/{nomination.pk}/")
    expect(page.get_by_test_id("evidence")).to_contain_text(idea.title)
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.get_by_test_id("status")).to_have_text("Chờ duyệt")

    # The committee approves, then records the decision.
    sign_in(page, base, "committee")
    page.goto(f"{base}/awards/nominations/queue/")
    page.get_by_role("link", name=nominee.full_name).click()
    page.get_by_role("button", name="Phê duyệt", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("Đã phê duyệt")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    dialog = page.get_by_role("dialog", name="Ghi nhận quyết định")
    expect(dialog).to_be_visible()
    today = timezone.localdate()
    dialog.get_by_label("Số quyết định").fill("4321/QĐ-UBND")
    dialog.get_by_label("Ngày quyết định").fill(today.isoformat())
    expect(dialog.get_by_label("Chức danh người ký")).to_have_value("Chủ tịch UBND TP")
    dialog.locator('input[name="decision_signer"]').fill("Nguyễn Văn Được")
    dialog.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã khen thưởng")
    expect(page.get_by_test_id("decision")).to_contain_text("4321/QĐ-UBND")

    # The committee downloads the list in both formats.
    page.get_by_role("link", name="Xuất danh sách").click()
    page.get_by_label("Giai đoạn").select_option("2026-2030")
    page.get_by_label("Hình thức khen thưởng").select_option("city_certificate")
    page.get_by_role("button", name="Xem số dòng").click()
    expect(page.get_by_test_id("row-count")).to_contain_text("Danh sách sẽ có")

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải CSV").click()
    assert info.value.suggested_filename.endswith(".csv")
    text = open(info.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["STT", "Họ và tên / Tên tập thể"]
    row = next(r for r in rows[1:] if r[1] == nominee.full_name)
    assert row[5] == nominee.unit.name
    assert row[6] == city.name
    assert row[7] == "Phong trào thi đua theo chuyên đề"  # the category
    assert row[10].startswith("Đề xuất =HYPERLINK")
    assert idea.title in row[11]
    assert row[15:] == ["4321/QĐ-UBND", today.strftime("%d/%m/%Y")]

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải XLSX").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    ws = load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    assert "2026-2030" in ws["A1"].value
    cells = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[1] == nominee.full_name)
    assert cells[6] == city.name
    assert idea.title in cells[11]
    assert cells[15:] == ("4321/QĐ-UBND", today.strftime("%d/%m/%Y"))


@pytest.mark.django_db(transaction=True)
def test_nomination_pages_fit_a_phone(page, live_server, demo):
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server.url, "committee")
    nomination = Nomination.objects.filter(status="submitted").first()
    for path in [
        "/awards/nominations/",
        f"/awards/nominations/{nomination.pk}/",
        "/awards/nominations/queue/",
        "/awards/export/?phase=2026-2030",
    ]:
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide"
