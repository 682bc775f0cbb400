"""The movement's whole path in real Chromium, on the demo data: the head of phường Bình Tân raises
an approved idea into a proposal to the city; the committee routes it to Sở Nội vụ, whose head gives
an opinion; the city accepts it for a pilot; the ward registers the pilot with two indicators, a
correction request is answered and the pilot ends effective; the city's council scores the idea and
votes; the Chairman's recognition is recorded, citing the meeting; the idea's practice is published
in the library, and phường Tân Định records that it adopted it."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from councils.models import Council, Meeting
from councils.registry import item_key
from ideas import services as idea_services
from library.models import Practice
from pilots.models import Pilot
from proposals.models import Proposal
from tests.browser.test_award_journey import sign_in

TITLE = "Một cửa số cho hồ sơ đất đai"


@pytest.fixture
def demo(settings, transactional_db):
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False


def approved_idea():
    """The starting point: an idea of phường Bình Tân its head has approved (through the services)."""
    author = User.objects.get(username="staff.binhtan")
    head = User.objects.get(username="head.binhtan")
    idea, _created = idea_services.idea_create(
        by=author,
        title=TITLE,
        summary="Tiếp nhận và trả hồ sơ đất đai trực tuyến qua một cửa số.",
        problem="Hồ sơ đất đai phải nộp giấy, đi lại nhiều lần.",
        solution="Một cửa số liên thông các phòng.",
        expected_benefit="Giảm một nửa thời gian giải quyết.",
        topic="land_projects",
        scope="unit",
    )
    idea_services.idea_transition(idea=idea, by=author, action="submit")
    idea_services.idea_transition(idea=idea, by=head, action="approve")
    return idea


@pytest.mark.django_db(transaction=True)
def test_from_a_wards_idea_to_a_practice_another_ward_adopted(page, live_server, demo):
    base = live_server.url
    today = timezone.localdate().isoformat()
    later = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    idea = approved_idea()
    author = User.objects.get(username="staff.binhtan")

    # The ward's head raises the approved idea into a proposal to the city.
    sign_in(page, base, "head.binhtan")
    page.goto(base + f"/proposals/new/?idea={idea.pk}")
    expect(page.get_by_label("Tiêu đề")).to_have_value(TITLE)
    page.get_by_label("Loại vướng mắc").select_option("unfit_regulation")
    page.get_by_label("Căn cứ pháp lý").fill("Nghị định 61/2018/NĐ-CP, Điều 9")
    for label, text in [
        ("Phạm vi", "Một phường, 6 tháng"),
        ("Nguồn lực", "Tổ 5 người"),
        ("Rủi ro", "Cán bộ chưa quen"),
    ]:
        page.get_by_label(label).fill(text)
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("button", name="Gửi Thành phố").click()
    expect(page.locator(".badge-status")).to_have_text("Chờ chuyển sở, ngành")
    proposal = Proposal.objects.get(idea=idea)

    # The committee routes it to Sở Nội vụ; its head gives a written opinion.
    sign_in(page, base, "committee")
    page.goto(base + proposal.get_absolute_url())
    page.get_by_label("Sở, ngành có thẩm quyền").select_option(label="Sở Nội vụ")
    page.get_by_label("Thời hạn cho ý kiến (ngày làm việc)").fill("5")
    page.get_by_role("button", name="Chuyển sở, ngành cho ý kiến").click()
    expect(page.locator(".badge-status")).to_have_text("Chờ ý kiến sở, ngành")
    sign_in(page, base, "head.noivu")
    page.goto(base + proposal.get_absolute_url())
    page.get_by_label("Ý kiến bằng văn bản của sở, ngành").fill("Thống nhất, đề nghị thí điểm 6 tháng.")
    page.get_by_role("button", name="Cho ý kiến của sở, ngành").click()
    expect(page.locator(".badge-status")).to_have_text("Đã có ý kiến")

    # The city accepts it for a pilot.
    sign_in(page, base, "committee")
    page.goto(base + proposal.get_absolute_url())
    page.get_by_label("Kết luận của Thành phố").select_option("city_pilot")
    page.get_by_label("Số văn bản").fill("1234/UBND-VX")
    page.get_by_label("Ngày văn bản").fill(today)
    page.get_by_role("button", name="Ghi nhận kết luận của Thành phố").click()
    expect(page.get_by_text("Chấp thuận cho thí điểm cấp Thành phố")).to_be_visible()

    # The ward registers the pilot with two indicators and asks for a correction.
    sign_in(page, base, "head.binhtan")
    page.goto(base + "/pilots/new/")
    page.get_by_label("Vướng mắc đơn vị chọn thí điểm").fill("Một cửa số đất đai")
    page.get_by_label("Chọn từ").select_option(f"proposal:{proposal.pk}")
    page.get_by_label("Mục tiêu").fill("Giải quyết hồ sơ trong 7 ngày")
    page.get_by_label("Người phụ trách").select_option(str(author.pk))
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_text("Đã đăng ký thí điểm.")).to_be_visible()
    pilot_url = page.url
    page.goto(f"{base}/ideas/{idea.pk}/")  # the idea is being implemented by the pilot
    page.get_by_role("button", name="Triển khai thí điểm").click()
    expect(page.locator(".badge-implementing").first).to_be_visible()
    page.goto(pilot_url)
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
    pilot = Pilot.objects.get(proposal=proposal)

    # The team answers the correction and measures the indicators.
    sign_in(page, base, "staff.binhtan")
    page.goto(base + pilot.get_absolute_url())
    page.get_by_label("Trả lời của tổ thực hiện").fill("Đã bỏ hồ sơ giấy từ tuần này.")
    page.get_by_role("button", name="Trả lời", exact=True).click()
    expect(page.get_by_text("Đã ghi nhận trả lời.")).to_be_visible()
    for indicator, value in zip(pilot.indicators.order_by("pk"), ["6", "100"], strict=True):
        page.locator(f"#measure-{indicator.pk}").fill(value)
        page.locator(f"#measure-{indicator.pk}").press("Enter")
        expect(page.get_by_text("Đã ghi giá trị đo được.")).to_be_visible()

    # The head ends the pilot effective, and the idea's implementation with its result.
    sign_in(page, base, "head.binhtan")
    page.goto(base + pilot.get_absolute_url())
    page.locator("summary", has_text="Kết thúc và đánh giá kết quả").click()
    page.locator("#dlg-finish-outcome").select_option("effective")
    page.locator("#dlg-finish-comment").fill("Đạt cả hai chỉ tiêu.")
    page.get_by_role("button", name="Kết thúc và đánh giá kết quả").click()
    expect(page.get_by_role("heading", name="Kết quả: Hiệu quả")).to_be_visible()
    page.goto(f"{base}/ideas/{idea.pk}/")
    page.get_by_role("button", name="Hoàn thành triển khai").click()
    page.locator("#dlg-complete-comment").fill("Thời gian giải quyết giảm từ 15 xuống 6 ngày.")
    page.locator("#dlg-complete").get_by_role("button", name="Hoàn thành triển khai").click()
    expect(page.locator(".badge-completed").first).to_be_visible()

    # The city's council scores the idea and votes.
    council = Council.objects.get(name="Hội đồng Thi đua – Khen thưởng Thành phố")
    sign_in(page, base, "committee")
    page.goto(f"{base}/councils/{council.pk}/")
    page.get_by_label("Ngày họp").fill(today)
    page.get_by_label("Địa điểm").fill("Phòng họp số 2")
    page.get_by_role("button", name="Triệu tập phiên họp").click()
    meeting = Meeting.objects.get(place="Phòng họp số 2")
    page.get_by_label("Ý tưởng hoặc đề nghị khen thưởng").select_option(item_key(idea))
    page.get_by_role("button", name="Đưa vào chương trình họp").click()
    for checkbox in page.locator('input[name="people"]').all():
        checkbox.check()
    page.get_by_role("button", name="Ghi nhận tham dự").click()
    page.get_by_role("button", name="Khai mạc phiên họp").click()
    item = meeting.items.get(object_id=idea.pk, scored=True)
    for username in ["committee", "staff.noivu", "head.noivu"]:
        sign_in(page, base, username)
        page.goto(f"{base}/councils/meetings/{meeting.pk}/")
        card = page.get_by_test_id(f"item-{item.pk}")
        for field in card.locator('input[type="number"]').all():
            field.fill("9")
        card.get_by_label("Đồng ý", exact=True).check()
        card.get_by_role("button", name="Ghi điểm và biểu quyết của tôi").click()
        expect(page.locator(".alert-success").first).to_be_visible()
    sign_in(page, base, "committee")
    page.goto(f"{base}/councils/meetings/{meeting.pk}/")
    page.get_by_text("Kết thúc phiên họp", exact=True).click()
    page.get_by_role("button", name="Kết thúc và chốt kết quả").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Đã kết thúc")
    item.refresh_from_db()
    assert item.passed

    # The Chairman's recognition is recorded, citing the meeting.
    page.goto(f"{base}/ideas/{idea.pk}/")
    page.get_by_role("button", name="Công nhận hiệu quả").click()
    dialog = page.locator("#dlg-recognise")
    dialog.get_by_label("Hình thức công nhận").select_option("city")
    dialog.get_by_label("Số quyết định").fill("777/QĐ-UBND")
    dialog.get_by_label("Ngày quyết định").fill(today)
    dialog.get_by_label("Phiên họp Hội đồng được viện dẫn").select_option(str(meeting.pk))
    dialog.get_by_role("button", name="Công nhận").click()
    expect(page.get_by_test_id("cited-meeting")).to_be_visible()

    # The author writes its public summary and approves it; the ward's head approves: it is published.
    sign_in(page, base, "staff.binhtan")
    page.goto(f"{base}/ideas/{idea.pk}/")
    page.get_by_role("link", name="Viết tóm tắt đưa vào thư viện").click()
    page.get_by_label("Tóm tắt công khai").fill(
        "Một cửa số liên thông: hồ sơ đất đai giải quyết trong 6 ngày."
    )
    page.get_by_role("button", name="Lưu tóm tắt").click()
    page.get_by_role("button", name="Phê duyệt (tác giả)").click()
    sign_in(page, base, "head.binhtan")
    page.get_by_role("region", name="Tóm tắt thư viện chờ phê duyệt").get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Phê duyệt (thủ trưởng đơn vị)").click()
    expect(page.get_by_text("Đã phê duyệt: cách làm đã được công bố trong thư viện.")).to_be_visible()

    # Phường Tân Định finds it in the library without diacritics and records that it adopted it.
    sign_in(page, base, "head.tandinh")
    page.get_by_role("link", name="Thư viện", exact=True).click()
    page.get_by_label("Tìm kiếm").fill("mot cua so ho so dat dai")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Ghi nhận đơn vị bạn đã áp dụng").click()
    page.get_by_label("Ngày áp dụng").fill(today)
    page.get_by_label("Kết quả áp dụng").fill("Hồ sơ đất đai giải quyết trong 7 ngày làm việc.")
    page.get_by_label("Tôi xác nhận").check()
    page.get_by_role("button", name="Ghi nhận áp dụng").click()
    spread = page.get_by_role("table", name="Các đơn vị đã áp dụng cách làm")
    expect(spread.get_by_role("cell", name="UBND phường Tân Định")).to_be_visible()
    practice = Practice.objects.get(idea=idea)
    assert practice.published_at is not None
    assert practice.adoptions.get().unit.name == "UBND phường Tân Định"
    assert idea.recognitions.get(act="city").meeting == meeting
