"""Two people acting on one idea at the same moment (PostgreSQL row locks): exactly one wins."""

import threading

import pytest
from django.db import connection

from ideas import services
from ideas.models import Idea, IdeaEvent, Status
from tests.locking import while_locked


@pytest.mark.django_db(transaction=True)
def test_approve_and_return_at_once_one_wins(postgres, org, make_idea):
    idea = make_idea("submitted")
    barrier = threading.Barrier(2)
    results = {}

    def act(name, person, action, comment=""):
        try:
            barrier.wait(timeout=5)
            services.idea_transition(idea=idea, by=person, action=action, comment=comment)
            results[name] = "ok"
        except services.WorkflowError as error:
            results[name] = str(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("approve", org.head, "approve")),
        threading.Thread(target=act, args=("return", org.deputy, "return", "Bổ sung")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(results) == ["approve", "return"]
    winners = [name for name, outcome in results.items() if outcome == "ok"]
    assert len(winners) == 1
    loser = next(name for name in results if name not in winners)
    assert "cùng lúc" in results[loser] or "same time" in results[loser]
    idea.refresh_from_db()
    assert idea.status == (Status.APPROVED if winners == ["approve"] else Status.RETURNED)
    assert IdeaEvent.objects.filter(idea=idea, action__in=["approve", "return"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_trigram_index_exists(postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'idea_search_trgm'")
        row = cursor.fetchone()
    assert row and "gin_trgm_ops" in row[0]


def _transition_while_another_idea_is_locked(org, make_idea, monkeypatch):
    """The head approves one idea while another idea of the same unit is locked mid-transition."""
    first, second = make_idea("submitted"), make_idea("submitted")
    assert first.unit_id == second.unit_id
    return while_locked(
        monkeypatch,
        event_model=IdeaEvent,
        hold=lambda: services.idea_transition(idea=first, by=org.deputy, action="approve"),
        act=lambda: services.idea_transition(idea=second, by=org.head, action="approve"),
    )


@pytest.mark.django_db(transaction=True)
def test_two_ideas_of_one_unit_change_without_waiting_on_each_other(postgres, org, make_idea, monkeypatch):
    took = _transition_while_another_idea_is_locked(org, make_idea, monkeypatch)
    assert isinstance(took, float) and took < 1.5, took
    assert set(Idea.objects.values_list("status", flat=True)) == {Status.APPROVED}


@pytest.mark.django_db(transaction=True)
def test_the_check_above_catches_a_lock_on_the_unit(postgres, org, make_idea, monkeypatch):
    """Locking the idea together with its unit (the broad lock this replaced) makes the same
    approval wait for the other idea's transaction: the test above would fail."""
    from django.db import OperationalError

    monkeypatch.setattr(
        services,
        "_lock",
        lambda idea: Idea.objects.select_for_update().select_related("unit").get(pk=idea.pk),
    )
    assert isinstance(_transition_while_another_idea_is_locked(org, make_idea, monkeypatch), OperationalError)
