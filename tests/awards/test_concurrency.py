"""Two people acting on the same nomination at once: exactly one wins, one event is written."""

import threading

import pytest
from django.db import connection

from awards import services
from awards.models import NominationEvent, Status
from tests.awards.factories import NominationFactory
from tests.factories import UserFactory


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
