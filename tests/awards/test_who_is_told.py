"""Who is told about a nomination: the nominee of each decision about them, in their own language;
the deciders when it enters their queue (the bell and the daily digest)."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from accounts.models import User
from awards import services
from notifications import services as notification_services
from notifications.models import Notification
from notifications.selectors import unread_count
from tests.awards.factories import award, round_

TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _frozen_clock():
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 11, 27, 3, 0, tzinfo=datetime.UTC), tick=False):
        yield


def create(org, award_code="city_certificate", **kwargs):
    return services.nomination_create(
        by=org.head,
        round=round_(),
        award_type=award(award_code),
        nominee=kwargs.pop("nominee", org.author),
        achievements="Thành tích",
        **kwargs,
    )


def act(nomination, by, action, **kwargs):
    kwargs.setdefault("today", TODAY)
    return services.nomination_transition(nomination_id=nomination.pk, by=by, action=action, **kwargs)


def told(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person).order_by("pk").values_list("kind", flat=True))


def test_the_nominee_is_told_of_each_decision_about_them(org):
    nomination = create(org)
    act(nomination, org.head, "submit")
    assert told(org.author) == []  # a submission is not a decision
    act(nomination, org.committee, "return", comment="Bổ sung minh chứng")
    act(nomination, org.head, "submit")
    act(nomination, org.committee, "approve")
    act(
        nomination,
        org.committee,
        "confer",
        decision_number="456/QĐ-UBND",
        decision_date=TODAY,
        decision_authority="Chủ tịch UBND Thành phố",
        decision_signer="Nguyễn Văn Được",
    )
    assert told(org.author) == [
        "nomination_nominee_return",
        "nomination_nominee_approve",
        "nomination_nominee_confer",
    ]

    def conferred():
        return Notification.objects.get(recipient=org.author, kind="nomination_nominee_confer")

    assert conferred().url == nomination.get_absolute_url()
    with translation.override("vi"):
        assert conferred().shown_title == f"Anh/chị được tặng {nomination.award_type.name}"
        assert conferred().shown_body == "Quyết định số 456/QĐ-UBND ngày 27/11/2026."
    with translation.override("en"):
        assert conferred().shown_title == f"You were awarded {nomination.award_type.name}"


def test_the_nominee_is_told_of_a_rejection_with_the_reason(org):
    nomination = create(org)
    act(nomination, org.head, "submit")
    act(nomination, org.committee, "reject", comment="Chưa đủ thời gian")
    [notice] = Notification.objects.filter(recipient=org.author)
    assert notice.kind == "nomination_nominee_reject"
    assert notice.shown_body == "Chưa đủ thời gian"


def test_the_committee_is_told_when_a_nomination_enters_its_queue(org):
    nomination = create(org)
    assert unread_count(User.objects.get(pk=org.committee.pk)) == 0  # counted once per user object
    act(nomination, org.head, "submit")
    assert unread_count(User.objects.get(pk=org.committee.pk)) == 1
    [notice] = Notification.objects.filter(recipient=org.committee)
    assert notice.kind == "nomination_submitted"
    assert notice.url == nomination.get_absolute_url()
    assert told(org.head) == []  # not the one who submitted it
    # ... and in the next daily digest.
    notification_services.reminders_run(today=TODAY)
    [digest] = [m for m in mail.outbox if m.to == [org.committee.email]]
    assert org.author.display_name in digest.body


def test_a_unit_level_certificate_goes_to_its_head_not_to_the_committee(org):
    nomination = services.nomination_create(
        by=org.deputy, round=round_(), award_type=award("unit_certificate"), nominee=org.author,
        achievements="Thành tích",
    )  # fmt: skip
    act(nomination, org.head, "submit")
    assert told(org.committee) == []
    assert told(org.head) == []  # the head submitted it and decides it: nothing to tell
