"""Every proposal action × role × state through HTTP (docs/domain.md, "Proposals to the city").

Written out by hand from the documentation: the proposal is org.sub's (written by its head,
sub_head); when routed, the competent department is org.other, whose head (other_head) gives the
opinion; the committee routes and concludes. anonymous → sign in; cannot see → 404; sees but may
never act → 403; may act but not in this state → back to the proposal with a message; otherwise
the action happens. On every refusal nothing changes."""

import pytest
from django.utils import timezone

from proposals.models import PLAN_FIELDS, InnovationCase, InnovationRecord, Proposal, ProposalEvent
from proposals.workflow import INNOVATION_STEPS, Status
from tests.proposals.factories import proposal_in

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "author",
    "sub_head",
    "head",
    "deputy",
    "other_head",
    "outsider",
    "committee",
    "superuser",
]
STATES = Status.values
# The writers, the supervisors of org.sub, and the committee always see it.
ALWAYS_SEE = {"sub_head", "head", "deputy", "committee", "superuser"}
DEPARTMENT_SEES = {"routed", "answered", "concluded"}  # other_head, once the proposal reached them
ROLE_MAY = {
    "submit": {"sub_head"},
    "withdraw": {"sub_head"},
    "edit": {"sub_head"},
    "route": {"committee", "superuser"},
    "opine": {"other_head"},
    "conclude": {"committee", "superuser"},
}
STATE_MAY = {
    "submit": {"draft"},
    "withdraw": {"draft", "submitted"},
    "edit": {"draft"},
    "route": {"submitted"},
    "opine": {"routed"},
    "conclude": {"answered"},
}
TARGET = {
    "submit": "submitted",
    "withdraw": "withdrawn",
    "route": "routed",
    "opine": "answered",
    "conclude": "concluded",
}


def sees(role, state):
    return role in ALWAYS_SEE or (role == "other_head" and state in DEPARTMENT_SEES)


def expected(role, action, state):
    if role == "anonymous":
        return "login"
    if not sees(role, state):
        return "hidden"
    if role not in ROLE_MAY[action]:
        return "forbidden"
    if state not in STATE_MAY[action]:
        return "state"
    return "ok"


def request_for(action, proposal, org):
    if action == "edit":
        data = {
            "title": "Tiêu đề mới",
            "blocker_kind": "no_regulation",
            "legal_reference": "",
            "blocker": "B",
            "solution": "S",
            "scope": "P",
            "resources": "R",
            "risks": "K",
            "expected_effect": "E",
        }
        return f"/proposals/{proposal.pk}/edit/", data
    data = {
        "route": {"department": org.other.pk, "days": 5},
        "opine": {"comment": "Sở thống nhất."},
        "conclude": {
            "conclusion": "city_pilot",
            "decision_number": "12/UBND",
            "decision_date": timezone.localdate().isoformat(),
        },
    }.get(action, {})
    return f"/proposals/{proposal.pk}/{action}/", data


def make(state, org):
    return proposal_in(state, unit=org.sub, by=org.sub_head, department=org.other, title="Đề xuất của phòng")


def snapshot(proposal):
    return Proposal.objects.filter(pk=proposal.pk).values().get(), ProposalEvent.objects.count()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(ROLE_MAY))
@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, org, role, action, state):
    proposal = make(state, org)
    if role != "anonymous":
        client.force_login(getattr(org, role))
    before = snapshot(proposal)
    url, data = request_for(action, proposal, org)
    response = client.post(url, data)
    outcome = expected(role, action, state)
    if outcome == "login":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    elif outcome == "hidden":
        assert response.status_code == 404
        assert proposal.title not in response.content.decode()
    elif outcome == "forbidden":
        assert response.status_code == 403
    elif outcome == "state":
        assert response.status_code == 302 and response["Location"] == f"/proposals/{proposal.pk}/"
        page = client.get(response["Location"]).content.decode()
        assert "alert-danger" in page or "alert-warning" in page
    if outcome != "ok":
        assert snapshot(proposal) == before
        return
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal.refresh_from_db()
    if action == "edit":
        assert proposal.title == "Tiêu đề mới"
    else:
        assert proposal.status == TARGET[action]
        assert ProposalEvent.objects.filter(proposal=proposal, action=action, from_status=state).count() == 1


@pytest.mark.parametrize("role", ROLES[1:])
@pytest.mark.parametrize("state", STATES)
def test_detail_and_list_visibility(client, org, role, state):
    proposal = make(state, org)
    client.force_login(getattr(org, role))
    visible = sees(role, state)
    assert client.get(f"/proposals/{proposal.pk}/").status_code == (200 if visible else 404)
    assert (proposal.title in client.get("/proposals/").content.decode()) == visible


@pytest.mark.parametrize("role", ["author", "colleague", "outsider"])
def test_staff_may_not_write_a_proposal(client, org, role):
    client.force_login(getattr(org, role))
    assert client.get("/proposals/new/").status_code == 403
    assert client.post("/proposals/new/", {"title": "X"}).status_code == 403
    assert not Proposal.objects.exists()


def test_a_get_of_an_action_url_leads_back_to_the_proposal(client, org):
    proposal = make("submitted", org)
    client.force_login(org.committee)
    before = snapshot(proposal)
    response = client.get(f"/proposals/{proposal.pk}/route/")
    assert response.status_code == 302 and response["Location"] == f"/proposals/{proposal.pk}/"
    assert snapshot(proposal) == before
    assert client.post(f"/proposals/{proposal.pk}/delete/").status_code == 404


# Decree 73/2023/NĐ-CP: registering (the writers, the author being a leader: sub_head heads org.sub)
# and each step of the decree (the committee), with the case at the step before it.
ND73_ROLE_MAY = {
    "register": {"sub_head"},
    **{action: {"committee", "superuser"} for action in INNOVATION_STEPS},
}
ND73_STATE_MAY = {
    "register": {"draft", "submitted", "routed", "answered"},
    **{action: {"submitted", "routed", "answered", "concluded"} for action in INNOVATION_STEPS},
}
PLAN = {name: f"Nội dung {name}" for name in PLAN_FIELDS}
BEFORE = {action: sorted(move.sources)[0] for action, move in INNOVATION_STEPS.items()}


def expected_nd73(role, action, state):
    if role == "anonymous":
        return "login"
    if not sees(role, state):
        return "hidden"
    if role not in ND73_ROLE_MAY[action]:
        return "forbidden"
    if state not in ND73_STATE_MAY[action]:
        return "state"
    return "ok"


def nd73_snapshot(proposal):
    return (
        snapshot(proposal),
        list(InnovationCase.objects.values()),
        list(InnovationRecord.objects.values()),
    )


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(ND73_ROLE_MAY))
@pytest.mark.parametrize("role", ROLES)
def test_nd73_matrix(client, org, role, action, state):
    proposal = make(state, org)
    if action == "register":
        url, data = f"/proposals/{proposal.pk}/nd73/", PLAN
    else:
        InnovationCase.objects.create(
            proposal=proposal, registered_by=org.sub_head, step=BEFORE[action], **PLAN
        )
        url = f"/proposals/{proposal.pk}/nd73/{action}/"
        data = {
            "document_number": "1/QĐ",
            "document_date": timezone.localdate().isoformat(),
            "authority": "UBND Thành phố",
            "result": "achieved",
        }
    if role != "anonymous":
        client.force_login(getattr(org, role))
    before = nd73_snapshot(proposal)
    response = client.post(url, data)
    outcome = expected_nd73(role, action, state)
    if outcome == "login":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    elif outcome == "hidden":
        assert response.status_code == 404
    elif outcome == "forbidden":
        assert response.status_code == 403
    elif outcome == "state":
        assert response.status_code == 302 and response["Location"] == f"/proposals/{proposal.pk}/"
        page = client.get(response["Location"]).content.decode()
        assert "alert-danger" in page or "alert-warning" in page
    if outcome != "ok":
        assert nd73_snapshot(proposal) == before
        return
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"/proposals/{proposal.pk}/#nd73"
    case = InnovationCase.objects.get(proposal=proposal)
    if action == "register":
        assert case.step == "registered"
    else:
        assert case.step == INNOVATION_STEPS[action].target
        assert InnovationRecord.objects.filter(case=case, action=action).count() == 1


@pytest.mark.parametrize("role", ROLES[1:])
def test_nd73_register_page(client, org, role):
    """The registration form is for the writers; a GET of a step's address leads to the proposal."""
    proposal = make("submitted", org)
    client.force_login(getattr(org, role))
    expected = {"sub_head": 200, "head": 403, "deputy": 403, "committee": 403, "superuser": 403}
    assert client.get(f"/proposals/{proposal.pk}/nd73/").status_code == expected.get(role, 404)
    response = client.get(f"/proposals/{proposal.pk}/nd73/approval/")
    if role in ALWAYS_SEE:
        assert response.status_code == 302 and response["Location"] == f"/proposals/{proposal.pk}/"
    else:
        assert response.status_code == 404
    assert client.post(f"/proposals/{proposal.pk}/nd73/nonsense/").status_code == 404
