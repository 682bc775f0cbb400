"""Proposals to the city and a unit's pilot in real Chromium: a head raises an approved idea into a
proposal, the committee routes it to a department, whose head gives an opinion, the city accepts it
for a pilot; the unit registers the pilot with two indicators, a correction request is answered and
the pilot ends effective. Another pilot is stopped and shows its no-blame record."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pilots.models import Pilot
from proposals.models import Proposal
from tests.browser.test_idea_journey import sign_in, sign_out
from tests.ideas.factories import idea_in
from tests.pilots.factories import pilot_in


@pytest.mark.django_db(transaction=True)
def test_from_an_idea_to_an_effective_pilot(page, live_server, org):
    base = live_server.url
    idea = idea_in("approved", author=org.author, title="Một cửa số cho hồ sơ đất đai")
    later = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()

    sign_in(page, base, "subhead")
    page.goto(base + f"/proposals/new/?idea={idea.pk}")
    expect(page.get_by_label("Tiêu đề")).to_have_value("Một cửa số cho hồ sơ đất đai")
    page.get_by_label("Loại vướng mắc").select_option("unfit_regulation")
    page.get_by_label("Căn cứ pháp lý").fill("Nghị định 61/2018/NĐ-CP, Điều 9")
    for label, text in [
        ("Phạm vi", "Một phường, 6 tháng"),
        ("Nguồn lực", "Tổ 5 người"),
        ("Rủi ro", "Cán bộ chưa quen"),
    ]:
        page.get_by_label(label).fill(text)
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu đề xuất dưới dạng bản nháp.")).to_be_visible()
    page.get_by_role("button", name="Gửi Thành phố").click()
    expect(page.locator(".badge-status")).to_have_text("Chờ chuyển sở, ngành")
    sign_out(page)

    sign_in(page, base, "committee")
    page.goto(base + Proposal.objects.get().get_absolute_url())
    page.get_by_label("Sở, ngành có thẩm quyền").select_option(label="UBND phường Khác")
    page.get_by_label("Thời hạn cho ý kiến (ngày làm việc)").fill("5")
    page.get_by_role("button", name="Chuyển sở, ngành cho ý kiến").click()
    expect(page.locator(".badge-status")).to_have_text("Chờ ý kiến sở, ngành")
    sign_out(page)

    sign_in(page, base, "otherhead")
    expect(page.get_by_text("1 đề xuất chờ ý kiến của đơn vị của bạn.")).to_be_visible()
    page.get_by_role("link", name="Một cửa số cho hồ sơ đất đai", exact=True).click()
    page.get_by_label("Ý kiến bằng văn bản của sở, ngành").fill("Thống nhất, đề nghị thí điểm 6 tháng.")
    page.get_by_role("button", name="Cho ý kiến của sở, ngành").click()
    expect(page.locator(".badge-status")).to_have_text("Đã có ý kiến")
    sign_out(page)

    sign_in(page, base, "committee")
    page.goto(base + Proposal.objects.get().get_absolute_url())
    page.get_by_label("Kết luận của Thành phố").select_option("city_pilot")
    page.get_by_label("Số văn bản").fill("1234/UBND-VX")
    page.get_by_label("Ngày văn bản").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Ghi nhận kết luận của Thành phố").click()
    expect(page.get_by_text("Chấp thuận cho thí điểm cấp Thành phố")).to_be_visible()
    sign_out(page)

    sign_in(page, base, "subhead")
    page.goto(base + "/pilots/new/")
    page.get_by_label("Vướng mắc đơn vị chọn thí điểm").fill("Một cửa số đất đai")
    page.get_by_label("Chọn từ").select_option(f"proposal:{Proposal.objects.get().pk}")
    page.get_by_label("Mục tiêu").fill("Giải quyết hồ sơ trong 7 ngày")
    page.get_by_label("Người phụ trách").select_option(str(org.author.pk))
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_text("Đã đăng ký thí điểm.")).to_be_visible()
    for name, target, unit in [("Thời gian giải quyết", "7", "ngày"), ("Hồ sơ trực tuyến", "100", "%")]:
        page.locator("summary", has_text="Thêm chỉ tiêu").click()
        page.locator("#ind-name").fill(name)
        page.get_by_label("Giá trị mục tiêu").fill(target)
        page.get_by_label("Đơn vị tính").fill(unit)
        page.locator("#ind-due_date").fill(later)
        page.locator("form[action$='/indicators/'] button[type=submit]").click()
        expect(page.get_by_text("Đã thêm chỉ tiêu.")).to_be_visible()
    page.locator("summary", has_text="Yêu cầu điều chỉnh").click()
    page.get_by_label("Sai sót, hạn chế").fill("Còn nhận hồ sơ giấy")
    page.get_by_label("Nội dung phải điều chỉnh").fill("Chỉ nhận hồ sơ trực tuyến")
    page.get_by_role("button", name="Gửi yêu cầu").click()
    expect(page.get_by_text("Đã gửi yêu cầu điều chỉnh cho tổ thực hiện.")).to_be_visible()
    sign_out(page)

    pilot = Pilot.objects.get()
    sign_in(page, base, "author")
    page.goto(base + pilot.get_absolute_url())
    page.get_by_label("Trả lời của tổ thực hiện").fill("Đã bỏ hồ sơ giấy từ tuần này.")
    page.get_by_role("button", name="Trả lời", exact=True).click()
    expect(page.get_by_text("Đã ghi nhận trả lời.")).to_be_visible()
    for indicator, value in zip(pilot.indicators.order_by("pk"), ["6", "100"], strict=True):
        page.locator(f"#measure-{indicator.pk}").fill(value)
        page.locator(f"#measure-{indicator.pk}").press("Enter")
        expect(page.get_by_text("Đã ghi giá trị đo được.")).to_be_visible()
    sign_out(page)

    sign_in(page, base, "subhead")
    page.goto(base + pilot.get_absolute_url())
    page.locator("summary", has_text="Kết thúc và đánh giá kết quả").click()
    page.locator("#dlg-finish-outcome").select_option("effective")
    page.locator("#dlg-finish-comment").fill("Đạt cả hai chỉ tiêu.")
    page.get_by_role("button", name="Kết thúc và đánh giá kết quả").click()
    expect(page.get_by_role("heading", name="Kết quả: Hiệu quả")).to_be_visible()
    pilot.refresh_from_db()
    assert (pilot.status, pilot.outcome, pilot.proposal.conclusion) == ("closed", "effective", "city_pilot")


@pytest.mark.django_db(transaction=True)
def test_a_stopped_pilot_shows_no_blame(page, live_server, org):
    base = live_server.url
    pilot = pilot_in(unit=org.sub, by=org.sub_head, owner=org.author, title="Tổng đài tự động")
    sign_in(page, base, "subhead")
    page.goto(base + pilot.get_absolute_url())
    page.locator("summary", has_text="Dừng thí điểm").click()
    page.locator("#dlg-stop-comment").fill("Chưa đủ dữ liệu, dừng để chuẩn bị lại.")
    expect(page.locator("#dlg-stop-within_plan")).to_have_value("yes")  # no blame by default
    page.get_by_role("button", name="Dừng thí điểm").click()
    expect(page.get_by_role("heading", name="Kết quả: Đã dừng")).to_be_visible()
    expect(page.get_by_text("không quy lỗi cho họ về kết quả này")).to_be_visible()
