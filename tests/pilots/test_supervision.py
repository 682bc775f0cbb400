"""A unit's pilot through HTTP and the services: registered from an approved idea (which starts the
idea's own pilot), planned with milestones and indicators, checked, corrected, closed with measured
values; refused input saves nothing and says why in Vietnamese; overdue milestones and unanswered
corrections are reminded on working days and shown in red to the head; a stopped pilot shows its
no-blame record."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from notifications.models import Notification
from notifications.reminders import collect
from pilots import services
from pilots.models import Correction, Indicator, Milestone, Pilot, PilotEvent
from tests.ideas.factories import idea_in
from tests.pilots.factories import pilot_in
from tests.proposals.factories import proposal_in

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 3, 2)


@pytest.fixture
def pilot(org):
    return pilot_in(
        unit=org.sub, by=org.sub_head, owner=org.author, members=[org.co_author], title="Thí điểm một cửa"
    )


def test_a_head_registers_the_units_pilot_from_an_approved_idea(client, org):
    idea = idea_in("approved", author=org.author, unit=org.sub, title="Ý tưởng một cửa số")
    client.force_login(org.sub_head)
    form = client.get("/pilots/new/").content.decode()
    assert f"idea:{idea.pk}" in form  # the unit's own approved ideas are offered
    response = client.post(
        "/pilots/new/",
        {
            "unit": org.sub.pk,
            "title": "Một cửa số",
            "source": f"idea:{idea.pk}",
            "goals": "Giảm 50% thời gian",
            "owner": org.author.pk,
            "members": [org.co_author.pk],
        },
    )
    pilot = Pilot.objects.get()
    assert response["Location"] == f"/pilots/{pilot.pk}/"
    assert (pilot.unit, pilot.idea, pilot.owner, pilot.phase.code) == (org.sub, idea, org.author, "2026-2030")
    idea.refresh_from_db()
    assert idea.status == "implementing"  # the idea's own pilot starts: one pilot, two views of it
    assert Notification.objects.filter(recipient=org.co_author, kind="pilot_registered").exists()


def test_a_proposal_the_city_refused_cannot_be_piloted(client, org):
    refused = proposal_in("concluded", unit=org.sub, by=org.sub_head, conclusion="not_accepted")
    client.force_login(org.sub_head)
    response = client.post(
        "/pilots/new/",
        {
            "unit": org.sub.pk,
            "title": "Thí điểm",
            "source": f"proposal:{refused.pk}",
            "goals": "G",
            "owner": org.author.pk,
        },
    )
    assert response.status_code == 200
    assert "không bị Thành phố bác" in response.content.decode()
    assert not Pilot.objects.exists() and not PilotEvent.objects.exists()


def test_the_person_in_charge_must_work_in_the_unit(org):
    with pytest.raises(Exception, match="owner"):
        services.pilot_register(by=org.sub_head, unit=org.sub, title="T", goals="G", owner=org.outsider)
    assert not Pilot.objects.exists()


@pytest.mark.parametrize(
    "url, data, message",
    [
        ("milestones/", {"title": "Mốc", "due_date": "2020-01-01"}, "Ngày không được trước hôm nay"),
        ("milestones/", {"title": "Mốc", "due_date": "ngày mai"}, "Hạn"),
        (
            "indicators/",
            {"name": "Thời gian", "target_value": "bảy", "measure_unit": "ngày", "due_date": "2030-01-01"},
            "Giá trị mục tiêu",
        ),
        ("corrections/", {"problem": "Sai", "change": "", "days": 3}, "Nội dung phải điều chỉnh"),
        ("corrections/", {"problem": "Sai", "change": "Sửa", "days": 99}, "Thời hạn trả lời"),
    ],
)
def test_bad_input_saves_nothing_and_says_why(client, org, pilot, url, data, message):
    client.force_login(org.sub_head)
    events = PilotEvent.objects.count()
    response = client.post(f"/pilots/{pilot.pk}/{url}", data, follow=True)
    assert message in response.content.decode()
    assert (Milestone.objects.count(), Indicator.objects.count(), Correction.objects.count()) == (0, 0, 0)
    assert PilotEvent.objects.count() == events


def test_a_pilot_closes_only_against_measured_indicators(client, org, pilot):
    today = timezone.localdate()
    indicator = services.pilot_add_indicator(
        pilot=pilot,
        by=org.sub_head,
        name="Thời gian giải quyết",
        target_value=Decimal(7),
        measure_unit="ngày",
        due_date=today,
    )
    client.force_login(org.sub_head)
    data = {"comment": "Đạt mục tiêu.", "outcome": "effective", "within_plan": "yes"}
    page = client.post(f"/pilots/{pilot.pk}/finish/", data, follow=True).content.decode()
    assert "Vui lòng ghi giá trị đo được của mọi chỉ tiêu trước: Thời gian giải quyết" in page
    assert Pilot.objects.get().status == "running"
    client.force_login(org.author)
    client.post(f"/pilots/{pilot.pk}/indicators/measured/", {"indicator": indicator.pk, "value": "6"})
    client.force_login(org.sub_head)
    client.post(f"/pilots/{pilot.pk}/finish/", data)
    pilot.refresh_from_db()
    assert (pilot.status, pilot.outcome, pilot.within_plan, pilot.assessment) == (
        "closed",
        "effective",
        True,
        "Đạt mục tiêu.",
    )
    assert Indicator.objects.get().measured_value == Decimal(6)


def test_a_correction_request_is_answered_by_the_team(client, org, pilot):
    client.force_login(org.head)  # the head of the unit above supervises too
    client.post(
        f"/pilots/{pilot.pk}/corrections/", {"problem": "Còn bản giấy", "change": "Bỏ bản giấy", "days": 2}
    )
    correction = Correction.objects.get()
    assert correction.due_date > timezone.localdate()
    assert Notification.objects.filter(recipient=org.co_author, kind="pilot_correction").exists()
    client.force_login(org.co_author)
    client.post(f"/pilots/{pilot.pk}/corrections/answer/", {"correction": correction.pk, "answer": "Đã bỏ."})
    correction.refresh_from_db()
    assert (correction.answer, correction.answered_by) == ("Đã bỏ.", org.co_author)
    assert Notification.objects.filter(recipient=org.head, kind="pilot_correction_answered").exists()
    response = client.post(
        f"/pilots/{pilot.pk}/corrections/answer/",
        {"correction": correction.pk, "answer": "Lần hai"},
        follow=True,
    )
    assert "Yêu cầu điều chỉnh này đã được trả lời." in response.content.decode()
    assert Correction.objects.get().answer == "Đã bỏ."


def test_a_correction_is_due_in_working_days(org, pilot):
    friday = MONDAY + datetime.timedelta(days=4)
    correction = services.pilot_request_correction(
        pilot=pilot, by=org.sub_head, problem="P", change="C", days=2, today=friday
    )
    assert correction.due_date == friday + datetime.timedelta(days=4)  # Monday, Tuesday


def test_overdue_milestones_and_corrections_are_reminded_on_working_days(org, pilot):
    Milestone.objects.create(pilot=pilot, title="Tập huấn", due_date=MONDAY)
    Correction.objects.create(pilot=pilot, by=org.sub_head, problem="P", change="C", due_date=MONDAY)

    def due(day):
        return {
            (r.rule, r.person_id)
            for r in collect(today=day, only=["pilot_milestone_overdue", "pilot_correction"])
        }

    assert due(MONDAY - datetime.timedelta(days=3)) == {  # the Friday before: the team, one day ahead
        ("pilot_correction", org.author.pk),
        ("pilot_correction", org.co_author.pk),
    }
    tuesday = MONDAY + datetime.timedelta(days=1)
    assert due(tuesday) == {
        ("pilot_milestone_overdue", org.author.pk),
        ("pilot_milestone_overdue", org.sub_head.pk),
        ("pilot_milestone_overdue", org.head.pk),
        ("pilot_correction", org.author.pk),
        ("pilot_correction", org.co_author.pk),
        ("pilot_correction", org.sub_head.pk),  # past its limit: escalated to the supervisors
        ("pilot_correction", org.head.pk),
    }
    assert due(MONDAY + datetime.timedelta(days=6)) == set()  # a Sunday
    Milestone.objects.update(reached_on=tuesday)
    Correction.objects.update(answer="Đã sửa", answered_at=timezone.now())
    assert due(tuesday) == set()


def test_the_head_sees_overdue_work_in_red(client, org, pilot):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Milestone.objects.create(pilot=pilot, title="Mốc trễ", due_date=yesterday)
    Correction.objects.create(pilot=pilot, by=org.sub_head, problem="P", change="C", due_date=yesterday)
    client.force_login(org.sub_head)
    dashboard = client.get("/").content.decode()
    assert "Thí điểm một cửa" in dashboard
    assert 'text-danger fw-semibold">· 1 mốc quá hạn' in dashboard
    assert "1 yêu cầu điều chỉnh chưa trả lời" in dashboard
    page = client.get(f"/pilots/{pilot.pk}/").content.decode()
    assert "list-group-item-danger" in page and "border-danger" in page


def test_a_stopped_pilot_shows_its_no_blame_record(client, org, pilot):
    client.force_login(org.sub_head)
    response = client.post(
        f"/pilots/{pilot.pk}/stop/", {"comment": "Chưa đủ dữ liệu.", "within_plan": ""}, follow=True
    )
    assert "có làm đúng kế hoạch đã được phê duyệt hay không" in response.content.decode()
    assert Pilot.objects.get().status == "running"
    response = client.post(
        f"/pilots/{pilot.pk}/stop/", {"comment": "Chưa đủ dữ liệu.", "within_plan": "yes"}, follow=True
    )
    pilot.refresh_from_db()
    assert (pilot.status, pilot.outcome, pilot.within_plan) == ("closed", "stopped", True)
    assert "không quy lỗi cho họ" in response.content.decode()
    client.force_login(org.author)
    assert client.post(f"/pilots/{pilot.pk}/milestones/reached/", {"milestone": 1}).status_code == 302
    assert not Milestone.objects.exists()


def test_departing_from_the_plan_must_say_where(org, pilot):
    with pytest.raises(Exception, match="within_plan_note"):
        services.pilot_transition(
            pilot=pilot, by=org.sub_head, action="stop", comment="Dừng", within_plan=False
        )
    assert Pilot.objects.get().status == "running"
