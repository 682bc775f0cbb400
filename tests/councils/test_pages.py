"""The councils' pages through HTTP: who sees and does what (member, non-member, chair, secretary,
committee, an item's author), the ballot form's refusals, the live totals, the minutes as DOCX,
and the dashboard's panel."""

import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from councils import services
from councils.models import Council, Meeting, Score, Vote
from tests.awards.factories import NominationFactory
from tests.councils.factories import council_of, full_scores, meeting_on, vote_type
from tests.ideas.factories import idea_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(org):
    council = council_of(
        org.committee,
        chair=org.city_head,
        secretary=org.deputy,
        members=[org.head, org.colleague, org.author],
        default_threshold=80,
    )
    idea = idea_in("completed", author=org.author, title="Một cửa số hoá")
    nomination = NominationFactory(
        nominee=org.outsider, proposing_unit=org.other, award_type=vote_type(90), status="submitted"
    )
    meeting = meeting_on(
        council,
        org.committee,
        [idea, nomination],
        attending=[org.city_head, org.deputy, org.head, org.colleague, org.author],
    )
    return council, meeting, idea, nomination


# who → (council page, meeting page, run the meeting)
MATRIX = {
    "city_head": (200, 200, True),  # chair
    "deputy": (200, 200, True),  # secretary
    "head": (200, 200, False),  # member
    "author": (200, 200, False),  # member, author of an item
    "committee": (200, 200, True),  # runs the city's councils
    "outsider": (404, 404, False),  # not a member
    "other_head": (404, 404, False),  # another unit's head
}


@pytest.mark.parametrize("who", MATRIX)
def test_who_sees_and_runs_a_meeting(client, org, setup, who):
    council, meeting, idea, _nomination = setup
    council_page, meeting_page, runs = MATRIX[who]
    client.force_login(getattr(org, who))
    assert client.get(council.get_absolute_url()).status_code == council_page
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == meeting_page
    assert client.get(reverse("councils:meeting-minutes", args=[meeting.pk])).status_code == meeting_page
    listed = client.get(reverse("councils:council-list")).content.decode()
    assert (council.name in listed) == (council_page == 200)
    if meeting_page == 200:
        assert ('data-testid="live"' in response.content.decode()) == runs
    close = client.post(reverse("councils:meeting-action", args=[meeting.pk, "close"]))
    meeting.refresh_from_db()
    expected = {True: 302, False: 404 if meeting_page == 404 else 403}[runs]
    assert close.status_code == expected
    assert (meeting.status == "closed") == runs


def test_each_member_scores_and_votes_for_themselves(client, org, setup):
    council, meeting, idea, nomination = setup
    idea_item, nomination_item = meeting.items.order_by("pk")
    client.force_login(org.head)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert page.count(f'action="{reverse("councils:meeting-ballot", args=[meeting.pk])}"') == 2
    data = {"item": idea_item.pk, "vote": "agree"} | {
        f"score_{c}": v for c, v in full_scores(council, 8).items()
    }
    response = client.post(reverse("councils:meeting-ballot", args=[meeting.pk]), data)
    assert response.status_code == 302
    assert Score.objects.filter(item=idea_item, member=org.head).count() == 3
    assert Vote.objects.get(item=idea_item, member=org.head).agree
    # Another member's ballot cannot be given: the ballot is always the signed-in person's.
    client.post(
        reverse("councils:meeting-ballot", args=[meeting.pk]),
        {"item": nomination_item.pk, "vote": "disagree"},
    )
    assert list(Vote.objects.filter(item=nomination_item).values_list("member_id", "agree")) == [
        (org.head.pk, False)
    ]


def test_the_author_is_refused_and_told_why(client, org, setup):
    council, meeting, idea, _nomination = setup
    idea_item = meeting.items.get(object_id=idea.pk, scored=True)
    client.force_login(org.author)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f'data-testid="refusal-{idea_item.pk}"' in page
    data = {"item": idea_item.pk, "vote": "agree"} | {
        f"score_{c}": v for c, v in full_scores(council).items()
    }
    response = client.post(reverse("councils:meeting-ballot", args=[meeting.pk]), data, follow=True)
    assert "tác giả" in response.content.decode()
    assert not Score.objects.exists() and not Vote.objects.exists()


def test_a_score_out_of_range_and_a_vote_after_closing_save_nothing(client, org, setup):
    council, meeting, idea, _nomination = setup
    idea_item = meeting.items.get(object_id=idea.pk, scored=True)
    client.force_login(org.head)
    scores = {f"score_{c}": 11 for c in full_scores(council)}
    response = client.post(
        reverse("councils:meeting-ballot", args=[meeting.pk]),
        {"item": idea_item.pk, "vote": "agree", **scores},
        follow=True,
    )
    assert "Chưa lưu gì" in response.content.decode()
    assert not Score.objects.exists() and not Vote.objects.exists()
    services.meeting_transition(meeting=meeting, by=org.city_head, action="close")
    scores = {f"score_{c}": 5 for c in full_scores(council)}
    response = client.post(
        reverse("councils:meeting-ballot", args=[meeting.pk]),
        {"item": idea_item.pk, "vote": "agree", **scores},
        follow=True,
    )
    assert "đang họp" in response.content.decode()
    assert not Score.objects.exists() and not Vote.objects.exists()
    # A non-member cannot reach the ballot at all.
    client.force_login(org.outsider)
    assert (
        client.post(reverse("councils:meeting-ballot", args=[meeting.pk]), {"item": idea_item.pk}).status_code
        == 404
    )


def test_the_minutes_hold_the_figures(client, org, setup):
    council, meeting, idea, nomination = setup
    idea_item, nomination_item = meeting.items.order_by("pk")
    agreeing = [org.city_head, org.deputy, org.head, org.colleague]
    for person in agreeing:
        services.meeting_ballot(item=idea_item, by=person, scores=full_scores(council, 9), agree=True)
        services.meeting_ballot(item=nomination_item, by=person, scores={}, agree=True)
    services.meeting_ballot(item=nomination_item, by=org.author, scores={}, agree=False)
    services.meeting_transition(meeting=meeting, by=org.city_head, action="close")
    client.force_login(org.head)
    response = client.get(reverse("councils:meeting-minutes", args=[meeting.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "BIÊN BẢN" in text and council.name in text
    assert "Số thành viên tham dự: 5/5; đủ số lượng thành viên tham dự" in text
    assert "90/100 (4 thành viên chấm)" in cells  # 9 × (3 + 3 + 4)
    assert "4/5 phiếu đồng ý (80%; ngưỡng 80%)" in cells  # the idea: passes exactly
    assert "4/5 phiếu đồng ý (80%; ngưỡng 90%)" in cells  # the nomination: below 90 %
    assert cells.count("Không đạt") == 1 and "Đạt" in cells
    assert f"- {idea.title}." in text
    assert "THƯ KÝ HỘI ĐỒNG" in cells and "CHỦ TỊCH HỘI ĐỒNG" in cells
    assert org.deputy.display_name in cells and org.city_head.display_name in cells


def test_setting_up_a_council_and_calling_a_meeting(client, org):
    client.force_login(org.author)
    assert client.get(reverse("councils:council-new")).status_code == 403
    client.force_login(org.head)
    response = client.post(
        reverse("councils:council-new"),
        {
            "name": "Hội đồng sáng kiến Sở",
            "kind": "initiative",
            "unit": org.unit.pk,
            "default_threshold": 50,
            "pass_mark": 50,
        },
    )
    council = Council.objects.get(name="Hội đồng sáng kiến Sở")
    assert response.status_code == 302 and council.unit == org.unit
    response = client.post(
        reverse("councils:council-new"),
        {"name": "Hội đồng TP", "kind": "emulation", "unit": "", "default_threshold": 50, "pass_mark": 50},
    )
    assert response.status_code == 200 and not Council.objects.filter(name="Hội đồng TP").exists()
    client.post(
        reverse("councils:council-member-add", args=[council.pk]), {"person": org.deputy.pk, "role": "chair"}
    )
    assert council.memberships.get().person == org.deputy
    response = client.post(
        reverse("councils:meeting-new", args=[council.pk]),
        {"date": timezone.localdate().isoformat(), "place": "Phòng họp"},
    )
    meeting = Meeting.objects.get(council=council)
    assert response["Location"] == meeting.get_absolute_url()
    # Another unit's head may not touch it.
    client.force_login(org.other_head)
    assert (
        client.post(
            reverse("councils:council-member-add", args=[council.pk]), {"person": org.outsider.pk}
        ).status_code
        == 404
    )


def test_a_member_sees_the_open_meeting_on_the_dashboard(client, org, setup):
    _council, meeting, _idea, _nomination = setup
    client.force_login(org.colleague)
    page = client.get("/").content.decode()
    assert meeting.get_absolute_url() in page
    assert reverse("councils:council-list") in page  # the navigation link
    client.force_login(org.outsider)
    page = client.get("/").content.decode()
    assert meeting.get_absolute_url() not in page and reverse("councils:council-list") not in page
