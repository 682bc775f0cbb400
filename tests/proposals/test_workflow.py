"""A proposal's life through HTTP and the services: raised from an approved idea, routed with a
time limit in working days, answered, concluded; refused input saves nothing and says why in
Vietnamese; reminders go to the department's leader, then escalate."""

import datetime

import pytest
from django.utils import timezone

from movement.models import PublicHoliday
from notifications.models import Notification
from notifications.reminders import collect
from proposals import services
from proposals.models import Proposal, ProposalEvent
from tests.ideas.factories import idea_in
from tests.proposals.factories import CONTENT, proposal_in

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 3, 2)


def test_a_head_raises_an_approved_idea_and_the_city_concludes(client, org):
    idea = idea_in("approved", author=org.author, title="Ý tưởng rút ngắn thủ tục")
    client.force_login(org.sub_head)
    page = client.get(f"/proposals/new/?idea={idea.pk}").content.decode()
    assert "Ý tưởng rút ngắn thủ tục" in page  # the form starts from the idea
    response = client.post("/proposals/new/", {"idea": idea.pk, "title": "Đề xuất từ ý tưởng", **CONTENT})
    proposal = Proposal.objects.get()
    assert response["Location"] == f"/proposals/{proposal.pk}/"
    assert (proposal.idea, proposal.unit, proposal.author) == (idea, org.sub, org.sub_head)
    client.post(f"/proposals/{proposal.pk}/submit/")
    assert Notification.objects.filter(recipient=org.committee, kind="proposal_submitted").exists()

    client.force_login(org.committee)
    client.post(f"/proposals/{proposal.pk}/route/", {"department": org.other.pk, "days": 5})
    proposal.refresh_from_db()
    assert proposal.status == "routed" and proposal.department == org.other
    assert proposal.opinion_due > timezone.localdate()
    assert Notification.objects.filter(recipient=org.other_head, kind="proposal_routed").exists()

    client.force_login(org.other_head)
    dashboard = client.get("/").content.decode()
    assert "Đề xuất từ ý tưởng" in dashboard  # the department sees what waits for its opinion
    assert "Đề xuất từ ý tưởng" in client.get("/proposals/opinions/").content.decode()
    client.post(f"/proposals/{proposal.pk}/opine/", {"comment": "Sở thống nhất đề xuất."})
    assert not client.get("/proposals/opinions/").context["proposals"]

    client.force_login(org.committee)
    today = timezone.localdate().isoformat()
    client.post(
        f"/proposals/{proposal.pk}/conclude/",
        {"conclusion": "city_pilot", "decision_number": "45/UBND-VX", "decision_date": today},
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.conclusion, proposal.conclusion_number) == (
        "concluded",
        "city_pilot",
        "45/UBND-VX",
    )
    assert Notification.objects.filter(recipient=org.sub_head, kind="proposal_concluded_city_pilot").exists()
    actions = list(ProposalEvent.objects.filter(proposal=proposal).values_list("action", flat=True))
    assert actions == ["create", "submit", "route", "opine", "conclude"]
    timeline = client.get(f"/proposals/{proposal.pk}/").content.decode()
    assert "Sở thống nhất đề xuất." in timeline and "45/UBND-VX" in timeline


def test_a_staff_member_may_not_raise_an_idea(client, org):
    idea = idea_in("approved", author=org.author)
    client.force_login(org.colleague)
    assert client.get(f"/proposals/new/?idea={idea.pk}").status_code == 403
    draft = idea_in("draft", author=org.colleague)
    client.force_login(org.sub_head)
    assert client.get(f"/proposals/new/?idea={draft.pk}").status_code == 403  # not approved


def test_a_rule_unsuited_to_practice_needs_its_legal_reference(client, org):
    client.force_login(org.sub_head)
    response = client.post("/proposals/new/", {**CONTENT, "title": "Đề xuất", "legal_reference": ""})
    assert response.status_code == 200
    assert "Nêu văn bản quy định chưa phù hợp" in response.content.decode()
    assert not Proposal.objects.exists() and not ProposalEvent.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"days": 5}, "Chọn sở, ngành có thẩm quyền"),
        ({"department": "SUB", "days": 0}, "Thời hạn cho ý kiến"),
        ({"department": "SUB", "days": 5}, "không thể là chính đơn vị đề xuất"),
    ],
)
def test_routing_refuses_bad_input_and_saves_nothing(client, org, data, message):
    proposal = proposal_in("submitted", unit=org.sub, by=org.sub_head)
    data = {**data, **({"department": org.sub.pk} if data.get("department") == "SUB" else {})}
    client.force_login(org.committee)
    before = Proposal.objects.filter(pk=proposal.pk).values().get()
    response = client.post(f"/proposals/{proposal.pk}/route/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Proposal.objects.filter(pk=proposal.pk).values().get() == before
    assert not Notification.objects.exists()


def test_the_conclusion_needs_a_document_number_and_a_date_not_in_the_future(client, org):
    proposal = proposal_in("answered", unit=org.sub, by=org.sub_head, department=org.other)
    client.force_login(org.committee)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        f"/proposals/{proposal.pk}/conclude/",
        {"conclusion": "regulation", "decision_number": "", "decision_date": tomorrow},
    )
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == "answered" and proposal.conclusion == ""


def test_the_time_limit_counts_working_days(org):
    PublicHoliday.objects.get_or_create(date=MONDAY + datetime.timedelta(days=2), defaults={"name": "Nghỉ"})
    proposal = proposal_in("submitted", unit=org.sub, by=org.sub_head)
    services.proposal_transition(
        proposal=proposal, by=org.committee, action="route", department=org.other, days=3, today=MONDAY
    )
    proposal.refresh_from_db()
    # Tuesday, (Wednesday is a holiday), Thursday, Friday.
    assert proposal.opinion_due == MONDAY + datetime.timedelta(days=4)


def test_the_opinion_is_reminded_then_escalated(org):
    proposal = proposal_in("submitted", unit=org.sub, by=org.sub_head)
    services.proposal_transition(
        proposal=proposal, by=org.committee, action="route", department=org.other, days=3, today=MONDAY
    )
    due = Proposal.objects.get().opinion_due

    def by_rule(day):
        return {
            (r.rule, r.person_id)
            for r in collect(today=day, only=["proposal_opinion", "proposal_opinion_overdue"])
        }

    assert by_rule(MONDAY) == set()
    assert by_rule(due - datetime.timedelta(days=1)) == {("proposal_opinion", org.other_head.pk)}
    assert due == MONDAY + datetime.timedelta(days=3)  # Thursday
    late = due + datetime.timedelta(days=4)  # the Monday after
    assert by_rule(late) == {
        ("proposal_opinion", org.other_head.pk),
        ("proposal_opinion_overdue", org.city_head.pk),  # the leader above the department
        ("proposal_opinion_overdue", org.committee.pk),
    }
    assert by_rule(late - datetime.timedelta(days=1)) == set()  # a Sunday: no reminder
    services.proposal_transition(proposal=proposal, by=org.other_head, action="opine", comment="Đồng ý.")
    assert by_rule(late) == set()


def test_the_idea_page_offers_raising_it_and_links_its_proposal_and_pilot(client, org):
    from tests.pilots.factories import pilot_in

    idea = idea_in("approved", author=org.author, title="Ý tưởng công khai")
    client.force_login(org.sub_head)
    assert f"/proposals/new/?idea={idea.pk}" in client.get(f"/ideas/{idea.pk}/").content.decode()
    client.force_login(org.colleague)  # may read the approved idea, may not raise it
    assert "/proposals/new/" not in client.get(f"/ideas/{idea.pk}/").content.decode()
    proposal = proposal_in("submitted", unit=org.sub, by=org.sub_head, idea=idea, title="Đề xuất nâng lên")
    pilot = pilot_in(unit=org.sub, by=org.sub_head, owner=org.author, idea=idea, title="Thí điểm từ ý tưởng")
    client.force_login(org.sub_head)
    page = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert proposal.get_absolute_url() in page and pilot.get_absolute_url() in page
    client.force_login(org.colleague)  # neither the proposal nor the pilot is theirs to see
    page = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert proposal.get_absolute_url() not in page and pilot.get_absolute_url() not in page
