"""The nomination workflow through its services: states, roles, decisions, events, notifications."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from awards import services
from awards.models import Nomination, NominationEvent, Status
from notifications.models import Notification
from tests.awards.factories import NominationFactory, award, round_

TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _frozen_clock():
    """Submissions are stamped with the portal's clock and decisions are dated TODAY: freeze the
    clock on TODAY (10:00 in Ho Chi Minh City) so that both agree whenever the suite runs."""
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 11, 27, 3, 0, tzinfo=datetime.UTC), tick=False):
        yield


def create(org, **kwargs):
    defaults = dict(
        by=org.head,
        round=round_(),
        award_type=award("city_certificate"),
        nominee=org.author,
        achievements="Thành tích",
    )
    defaults.update(kwargs)
    return services.nomination_create(**defaults)


SIGNED = {"decision_authority": "Chủ tịch UBND Thành phố Hồ Chí Minh", "decision_signer": "Nguyễn Văn Được"}


def act(nomination, by, action, **kwargs):
    kwargs.setdefault("today", TODAY)
    if action == "confer":
        kwargs = SIGNED | kwargs
    return services.nomination_transition(nomination_id=nomination.pk, by=by, action=action, **kwargs)


def test_award_types_are_seeded_with_rank_and_authority(db):
    from awards.models import AwardType

    types = list(AwardType.objects.values_list("code", "rank", "authority"))
    assert types == [
        ("labor_order_3", 1, "Chủ tịch nước"),
        ("pm_certificate", 2, "Thủ tướng Chính phủ"),
        ("city_certificate", 3, "Chủ tịch UBND TP"),
        ("unit_certificate", 4, "Thủ trưởng đơn vị"),
    ]
    assert all(AwardType.objects.values_list("criteria", flat=True))


def test_create_sets_proposing_unit_and_writes_event(org, recognised_idea):
    nomination = create(org, ideas=[recognised_idea])
    assert nomination.status == Status.DRAFT
    assert nomination.proposing_unit == org.unit
    assert nomination.created_by == org.head
    assert list(nomination.ideas.all()) == [recognised_idea]
    assert list(nomination.events.values_list("action", "to_status")) == [("create", "draft")]


def test_deputy_drafts_but_only_the_head_submits(org):
    nomination = create(org, by=org.deputy)
    assert nomination.proposing_unit == org.unit
    with pytest.raises(PermissionDenied):
        act(nomination, org.deputy, "submit")
    act(nomination, org.head, "submit")
    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED
    assert nomination.submitted_at is not None


def test_full_path_of_a_higher_award(org):
    nomination = create(org)
    act(nomination, org.head, "submit")
    act(nomination, org.committee, "approve", comment="Đủ điều kiện")
    act(
        nomination,
        org.committee,
        "confer",
        decision_number="456/QĐ-UBND",
        decision_date=TODAY,
    )
    nomination.refresh_from_db()
    assert nomination.status == Status.CONFERRED
    assert nomination.decision_number == "456/QĐ-UBND"
    assert nomination.decision_date == TODAY
    assert (nomination.decision_authority, nomination.decision_signer) == (
        "Chủ tịch UBND Thành phố Hồ Chí Minh",
        "Nguyễn Văn Được",
    )
    assert list(nomination.events.values_list("action", flat=True)) == [
        "create",
        "submit",
        "approve",
        "confer",
    ]
    # Decisions notify the proposing unit's head.
    kinds = list(Notification.objects.filter(recipient=org.head).values_list("kind", flat=True))
    assert sorted(kinds) == ["nomination_approve", "nomination_confer"]


def test_head_cannot_approve_a_higher_award_and_committee_cannot_submit(org):
    nomination = create(org)
    with pytest.raises(PermissionDenied):
        act(nomination, org.committee, "submit")
    act(nomination, org.head, "submit")
    with pytest.raises(PermissionDenied):
        act(nomination, org.head, "approve")
    nomination.refresh_from_db()
    assert nomination.status == Status.SUBMITTED


def test_unit_certificate_is_conferred_by_the_head_alone(org):
    nomination = create(org, award_type=award("unit_certificate"))
    act(nomination, org.head, "submit")
    with pytest.raises(PermissionDenied):
        act(nomination, org.head, "approve")  # no committee step for this award: no role may take it
    with pytest.raises(PermissionDenied):
        act(nomination, org.committee, "confer", decision_number="1/GK", decision_date=TODAY)
    # The signer's title and name are recorded; no generic "Thủ trưởng đơn vị" stands in for them.
    with pytest.raises(ValidationError) as error:
        act(
            nomination,
            org.head,
            "confer",
            decision_number="1/GK",
            decision_date=TODAY,
            decision_authority=" ",
        )
    assert "decision_authority" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        act(nomination, org.head, "confer", decision_number="1/GK", decision_date=TODAY, decision_signer="")
    assert "decision_signer" in error.value.message_dict
    act(
        nomination,
        org.head,
        "confer",
        decision_number="1/GK",
        decision_date=TODAY,
        decision_authority="Giám đốc Sở Thử nghiệm",
        decision_signer="Trần Văn Head",
    )
    nomination.refresh_from_db()
    assert nomination.status == Status.CONFERRED
    assert (nomination.decision_authority, nomination.decision_signer) == (
        "Giám đốc Sở Thử nghiệm",
        "Trần Văn Head",
    )


def test_return_and_reject_need_a_comment_and_return_allows_resubmission(org):
    nomination = create(org)
    act(nomination, org.head, "submit")
    with pytest.raises(ValidationError):
        act(nomination, org.committee, "return", comment="  ")
    act(nomination, org.committee, "return", comment="Bổ sung minh chứng")
    nomination.refresh_from_db()
    assert nomination.status == Status.RETURNED
    act(nomination, org.head, "submit")
    with pytest.raises(ValidationError):
        act(nomination, org.committee, "reject")
    act(nomination, org.committee, "reject", comment="Chưa đủ tiêu chuẩn")
    nomination.refresh_from_db()
    assert nomination.status == Status.REJECTED
    assert nomination.events.last().comment == "Chưa đủ tiêu chuẩn"


def test_state_not_allowed_changes_nothing(org):
    nomination = create(org)
    with pytest.raises(services.TransitionNotAllowed):
        act(nomination, org.committee, "approve")
    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT
    assert nomination.events.count() == 1


def test_nobody_decides_on_their_own_award(org):
    # Neither the head nor the head's deputy may propose the head: the unit above does, and its
    # head submits and decides.
    for proposer in (org.head, org.deputy):
        with pytest.raises(PermissionDenied):
            create(org, by=proposer, award_type=award("unit_certificate"), nominee=org.head)
    nomination = create(org, by=org.city_head, award_type=award("unit_certificate"), nominee=org.head)
    assert nomination.proposing_unit == org.city
    with pytest.raises(PermissionDenied):
        act(nomination, org.head, "submit")
    act(nomination, org.city_head, "submit")
    act(nomination, org.city_head, "confer", decision_number="1", decision_date=TODAY)
    nomination.refresh_from_db()
    assert nomination.status == Status.CONFERRED


@pytest.mark.parametrize(
    ("decision_date", "message"),
    [
        (TODAY + datetime.timedelta(days=1), "future"),
        (datetime.date(2026, 1, 2), "before"),
        (None, "date"),
    ],
)
def test_confer_refuses_a_bad_decision_date(org, decision_date, message):
    nomination = create(org)
    act(nomination, org.head, "submit")
    act(nomination, org.committee, "approve")
    Nomination.objects.filter(pk=nomination.pk).update(
        submitted_at=datetime.datetime(2026, 6, 1, 2, 0, tzinfo=datetime.UTC)
    )
    with pytest.raises(ValidationError) as error:
        act(nomination, org.committee, "confer", decision_number="9/QĐ", decision_date=decision_date)
    assert "decision_date" in error.value.message_dict
    nomination.refresh_from_db()
    assert nomination.status == Status.APPROVED
    assert nomination.decision_number == ""
    assert not nomination.events.filter(action="confer").exists()


def test_confer_needs_a_decision_number(org):
    nomination = create(org)
    act(nomination, org.head, "submit")
    act(nomination, org.committee, "approve")
    with pytest.raises(ValidationError) as error:
        act(nomination, org.committee, "confer", decision_number=" ", decision_date=TODAY)
    assert "decision_number" in error.value.message_dict


def test_duplicate_open_nomination_is_refused_with_a_clear_message(org):
    create(org)
    with pytest.raises(ValidationError) as error:
        create(org, by=org.deputy)
    assert error.value.code == "duplicate"
    assert Nomination.objects.count() == 1


def test_another_award_or_phase_or_a_closed_one_is_not_a_duplicate(org):
    first = create(org)
    create(org, award_type=award("unit_certificate"))
    create(org, round=round_("2023-2025"))
    act(first, org.head, "submit")
    act(first, org.committee, "reject", comment="Không đạt")
    create(org)  # the rejected one is closed
    assert Nomination.objects.filter(nominee=org.author).count() == 4


def test_database_enforces_one_open_nomination(org):
    NominationFactory(nominee=org.author, proposing_unit=org.unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        NominationFactory(nominee=org.author, proposing_unit=org.unit)


def test_database_enforces_exactly_one_nominee(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        NominationFactory(nominee=org.author, nominee_unit=org.sub, proposing_unit=org.unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        NominationFactory(proposing_unit=org.unit)


def test_database_refuses_unknown_status_and_conferred_without_decision(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        NominationFactory(nominee=org.author, proposing_unit=org.unit, status="bogus")
    with pytest.raises(IntegrityError), transaction.atomic():
        NominationFactory(nominee=org.author, proposing_unit=org.unit, status="conferred")


def test_head_cannot_nominate_outside_their_units(org):
    with pytest.raises(PermissionDenied):
        create(org, nominee=org.outsider)
    with pytest.raises(PermissionDenied):
        create(org, nominee=None, nominee_unit=org.other)
    with pytest.raises(PermissionDenied):
        create(org, by=org.author, nominee=org.colleague)
    assert not Nomination.objects.exists()


def test_collective_nomination(org):
    nomination = create(org, nominee=None, nominee_unit=org.sub)
    assert nomination.is_collective
    assert nomination.nominee_name == org.sub.name


def test_events_are_only_added(org):
    nomination = create(org)
    act(nomination, org.head, "submit")
    assert NominationEvent.objects.filter(nomination=nomination).count() == 2
    event = NominationEvent.objects.filter(nomination=nomination).last()
    assert (event.actor, event.from_status, event.to_status) == (org.head, "draft", "submitted")
