"""Two people acting on the same nomination at once: exactly one wins, one event is written."""

import threading

import pytest
from django.db import connection

from awards import services
from awards.models import NominationEvent, Status
from tests.awards.factories import NominationFactory
from tests.factories import UserFactory
from tests.locking import while_locked


@pytest.mark.django_db(transaction=True)
def test_approve_and_reject_at_once_one_wins(org, postgres):
    nomination = NominationFactory(nominee=org.author, proposing_unit=org.unit, status=Status.SUBMITTED)
    second = UserFactory(username="committee2", unit=org.city, committee=True)
    barrier = threading.Barrier(2)
    outcomes = {}

    def act(name, user, action):
        try:
            barrier.wait()
            services.nomination_transition(
                nomination_id=nomination.pk, by=user, action=action, comment="Đồng thời"
            )
            outcomes[name] = "done"
        except services.TransitionNotAllowed:
            outcomes[name] = "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("approve", org.committee, "approve")),
        threading.Thread(target=act, args=("reject", second, "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["done", "refused"]
    nomination.refresh_from_db()
    winner = next(name for name, result in outcomes.items() if result == "done")
    assert nomination.status == {"approve": Status.APPROVED, "reject": Status.REJECTED}[winner]
    assert (
        NominationEvent.objects.filter(nomination=nomination, action__in=["approve", "reject"]).count() == 1
    )


def _edit_while_another_nomination_is_locked(org, monkeypatch):
    """A deputy edits one nomination while another of the same award type and unit is locked in the
    middle of its own edit."""
    first = NominationFactory(nominee=org.author, proposing_unit=org.unit)
    second = NominationFactory(nominee=org.colleague, proposing_unit=org.unit)
    assert first.award_type_id == second.award_type_id

    def edit(nomination, by):
        services.nomination_update(
            nomination_id=nomination.pk, by=by, round=nomination.round, award_type=nomination.award_type,
            nominee=nomination.nominee, achievements="Đã bổ sung",
        )  # fmt: skip

    return while_locked(
        monkeypatch,
        event_model=NominationEvent,
        hold=lambda: edit(first, org.head),
        act=lambda: edit(second, org.deputy),
    )


@pytest.mark.django_db(transaction=True)
def test_two_nominations_of_one_award_type_change_without_waiting(org, postgres, monkeypatch):
    took = _edit_while_another_nomination_is_locked(org, monkeypatch)
    assert isinstance(took, float) and took < 1.5, took


@pytest.mark.django_db(transaction=True)
def test_the_check_above_catches_a_lock_on_the_award_type(org, postgres, monkeypatch):
    """Locking the nomination with its award type (the broad lock this replaced) makes the edit wait."""
    from django.db import OperationalError

    from awards.models import Nomination

    monkeypatch.setattr(
        services,
        "_lock",
        lambda pk: Nomination.objects.select_for_update().select_related("award_type").get(pk=pk),
    )
    assert isinstance(_edit_while_another_nomination_is_locked(org, monkeypatch), OperationalError)
