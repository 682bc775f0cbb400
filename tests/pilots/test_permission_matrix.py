"""Every pilot action × role × state through HTTP (docs/domain.md, "Unit pilots").

The pilot is org.sub's: its supervisors are sub_head (its head) and head (the head of the unit
above); its team is the author (in charge) and the co-author. The deputy and the city's head may
read it (they supervise the unit's chain) but not act; the committee reads every pilot.
anonymous → sign in; cannot see → 404; sees but may never act → 403; may act but not in this
state → back with a message; otherwise the action happens. On every refusal nothing changes."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from pilots.models import Correction, Milestone, Pilot, PilotEvent
from pilots.workflow import Status
from tests.pilots.factories import pilot_in

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "author",
    "co_author",
    "colleague",
    "sub_head",
    "head",
    "deputy",
    "outsider",
    "committee",
]
STATES = Status.values
SEES = {"author", "co_author", "sub_head", "head", "deputy", "committee"}
SUPERVISORS = {"sub_head", "head"}
TEAM = {"author", "co_author"}
ROLE_MAY = {
    "pause": SUPERVISORS,
    "resume": SUPERVISORS,
    "stop": SUPERVISORS,
    "finish": SUPERVISORS,
    "check-in": SUPERVISORS,
    "correct": SUPERVISORS,
    "plan": SUPERVISORS | {"author"},
    "answer": TEAM,
    "reach": TEAM,
}
OPEN = {"running", "paused"}
STATE_MAY = {
    "pause": {"running"},
    "resume": {"paused"},
    "stop": OPEN,
    "finish": {"running"},
    "check-in": OPEN,
    "correct": OPEN,
    "plan": OPEN,
    "answer": OPEN,
    "reach": OPEN,
}


def expected(role, action, state):
    if role == "anonymous":
        return "login"
    if role not in SEES:
        return "hidden"
    if role not in ROLE_MAY[action]:
        return "forbidden"
    if state not in STATE_MAY[action]:
        return "state"
    return "ok"


def make(state, org):
    extra = {"outcome": "effective", "assessment": "Tốt"} if state == Status.CLOSED else {}
    pilot = pilot_in(
        unit=org.sub,
        by=org.sub_head,
        owner=org.author,
        members=[org.co_author],
        status=state,
        title="Mở rộng một cửa số",
        **extra,
    )
    today = timezone.localdate()
    Milestone.objects.create(pilot=pilot, title="Mốc 1", due_date=today + datetime.timedelta(days=5))
    pilot.indicators.create(
        name="Thời gian",
        target_value=Decimal(7),
        measure_unit="ngày",
        due_date=today,
        measured_value=Decimal(6),
    )
    Correction.objects.create(pilot=pilot, by=org.sub_head, problem="P", change="C", due_date=today)
    return pilot


def request_for(action, pilot):
    base = f"/pilots/{pilot.pk}/"
    today = timezone.localdate()
    return {
        "pause": (f"{base}pause/", {"comment": "Tạm dừng để rà soát."}),
        "resume": (f"{base}resume/", {"comment": "Tiếp tục."}),
        "stop": (f"{base}stop/", {"comment": "Dừng.", "within_plan": "yes"}),
        "finish": (f"{base}finish/", {"comment": "Hiệu quả.", "outcome": "effective", "within_plan": "yes"}),
        "check-in": (f"{base}check-ins/", {"note": "Đúng tiến độ.", "on_track": "yes"}),
        "correct": (f"{base}corrections/", {"problem": "Sai", "change": "Sửa", "days": 3}),
        "plan": (f"{base}milestones/", {"title": "Mốc 2", "due_date": today.isoformat()}),
        "answer": (
            f"{base}corrections/answer/",
            {"correction": pilot.corrections.get().pk, "answer": "Đã sửa."},
        ),
        "reach": (f"{base}milestones/reached/", {"milestone": pilot.milestones.get().pk}),
    }[action]


def snapshot(pilot):
    return (
        Pilot.objects.filter(pk=pilot.pk).values().get(),
        list(Milestone.objects.filter(pilot=pilot).values()),
        list(Correction.objects.filter(pilot=pilot).values()),
        PilotEvent.objects.count(),
        pilot.check_ins.count(),
    )


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(ROLE_MAY))
@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, org, role, action, state):
    pilot = make(state, org)
    if role != "anonymous":
        client.force_login(getattr(org, role))
    before = snapshot(pilot)
    url, data = request_for(action, pilot)
    response = client.post(url, data)
    outcome = expected(role, action, state)
    if outcome == "login":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    elif outcome == "hidden":
        assert response.status_code == 404
    elif outcome == "forbidden":
        assert response.status_code == 403
    elif outcome == "state":
        assert response.status_code == 302 and response["Location"] == f"/pilots/{pilot.pk}/"
        assert "alert-danger" in client.get(response["Location"]).content.decode()
    if outcome != "ok":
        assert snapshot(pilot) == before
        return
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "alert-success" in page, page[:3000]
    assert snapshot(pilot) != before
    assert PilotEvent.objects.filter(pilot=pilot, actor=getattr(org, role)).exists()


@pytest.mark.parametrize("role", ROLES[1:])
def test_detail_and_list_visibility(client, org, role):
    pilot = make("running", org)
    client.force_login(getattr(org, role))
    visible = role in SEES
    assert client.get(f"/pilots/{pilot.pk}/").status_code == (200 if visible else 404)
    assert (pilot.title in client.get("/pilots/").content.decode()) == visible


@pytest.mark.parametrize("role", ["author", "colleague", "committee"])
def test_only_a_head_or_deputy_registers_a_pilot(client, org, role):
    client.force_login(getattr(org, role))
    assert client.get("/pilots/new/").status_code == 403
    assert not Pilot.objects.exists()
