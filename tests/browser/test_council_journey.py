"""Browser journey in real Chromium on the demo data: the committee calls a meeting of the city's
council with an idea and a nomination, records the attendance and opens it; members score and vote
for themselves; the chair closes it, downloads the minutes, and the idea's recognition cites the
meeting."""

import docx
import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Nomination
from councils.models import Council, Meeting
from councils.registry import item_key
from ideas.models import Idea
from tests.browser.test_award_journey import sign_in

VOTERS = ["committee", "staff.noivu", "head.noivu"]


@pytest.fixture
def demo(settings, transactional_db):
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False


def ballot(page, item_pk: int, *, scored: bool) -> None:
    card = page.get_by_test_id(f"item-{item_pk}")
    if card.get_by_test_id(f"refusal-{item_pk}").count():
        return  # their own nomination: the card says why there is no form
    if scored:
        for field in card.locator('input[type="number"]').all():
            field.fill("8")
    card.get_by_label("Đồng ý", exact=True).check()
    card.get_by_role("button", name="Ghi điểm và biểu quyết của tôi").click()
    expect(page.locator(".alert-success").first).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_council_meeting_from_agenda_to_cited_minutes(page, live_server, demo):
    base = live_server.url
    council = Council.objects.get(name="Hội đồng Thi đua – Khen thưởng Thành phố")
    members = set(council.memberships.values_list("person_id", flat=True))
    idea = next(
        i
        for i in Idea.objects.filter(status="completed").prefetch_related("co_authors")
        if not ({i.author_id, *(p.pk for p in i.co_authors.all())} & members)
    )
    nomination = Nomination.objects.filter(status="submitted").first()
    assert nomination is not None

    # The committee calls the meeting, puts the idea and the nomination on the agenda, records
    # who attends and opens the session.
    sign_in(page, base, "committee")
    page.get_by_role("link", name="Hội đồng", exact=True).first.click()
    page.get_by_role("link", name=council.name).click()
    page.get_by_label("Ngày họp").fill(timezone.localdate().isoformat())
    page.get_by_label("Địa điểm").fill("Hội trường Sở Nội vụ")
    page.get_by_role("button", name="Triệu tập phiên họp").click()
    meeting = Meeting.objects.get(place="Hội trường Sở Nội vụ")
    expect(page).to_have_url(f"{base}/councils/meetings/{meeting.pk}/")
    for obj in (idea, nomination):
        page.get_by_label("Ý tưởng hoặc đề nghị khen thưởng").select_option(item_key(obj))
        page.get_by_role("button", name="Đưa vào chương trình họp").click()
        expect(page.locator(".alert-success").first).to_be_visible()
    for checkbox in page.locator('input[name="people"]').all():
        checkbox.check()
    page.get_by_role("button", name="Ghi nhận tham dự").click()
    page.get_by_role("button", name="Khai mạc phiên họp").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Đang họp")
    idea_item = meeting.items.get(object_id=idea.pk, scored=True)
    nomination_item = meeting.items.exclude(pk=idea_item.pk).get()

    # Three of the four members score and vote, each for themselves (never on their own item).
    for username in VOTERS:
        if username != "committee":
            sign_in(page, base, username)
            page.get_by_role("link", name=f"{council.name} · {meeting.date:%d/%m/%Y}").click()
        ballot(page, idea_item.pk, scored=True)
        ballot(page, nomination_item.pk, scored=False)

    # The chair sees the live totals and closes the meeting; the results are frozen.
    sign_in(page, base, "committee")
    page.goto(f"{base}/councils/meetings/{meeting.pk}/")
    expect(page.get_by_test_id(f"live-{idea_item.pk}")).to_contain_text("3 thành viên đã chấm")
    page.get_by_text("Kết thúc phiên họp", exact=True).click()
    page.get_by_role("button", name="Kết thúc và chốt kết quả").click()
    expect(page.get_by_test_id("meeting-status")).to_have_text("Đã kết thúc")
    expect(page.get_by_test_id("results")).to_contain_text("Đủ số lượng thành viên tham dự")
    idea_item.refresh_from_db()
    assert idea_item.passed and idea_item.vote_percent == 75

    with page.expect_download() as download:
        page.get_by_test_id("minutes").click()
    minutes = docx.Document(str(download.value.path()))
    cells = "\n".join(c.text for t in minutes.tables for r in t.rows for c in r.cells)
    assert "3/4 phiếu đồng ý (75%; ngưỡng 50%)" in cells and "80/100 (3 thành viên chấm)" in cells

    # The recognition cites the meeting.
    page.goto(f"{base}/ideas/{idea.pk}/")
    page.get_by_role("button", name="Công nhận hiệu quả").click()
    dialog = page.locator("#dlg-recognise")
    dialog.get_by_label("Hình thức công nhận").select_option("city")
    dialog.get_by_label("Số quyết định").fill("555/QĐ-UBND")
    dialog.get_by_label("Ngày quyết định").fill(timezone.localdate().isoformat())
    dialog.get_by_label("Phiên họp Hội đồng được viện dẫn").select_option(str(meeting.pk))
    dialog.get_by_role("button", name="Công nhận").click()
    expect(page.get_by_test_id("cited-meeting")).to_have_text(
        f"theo biên bản họp {council.name} ngày {meeting.date:%d/%m/%Y}"
    )
