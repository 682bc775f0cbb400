"""No idea can be submitted into a state where nobody may decide it.

Over the demo unit tree, every demo account writes an idea with every choice of up to two invited
co-authors (each accepting), as seeded and with every account that heads nothing made a deputy;
the service either refuses (an invitation, an acceptance or the submission) or the submitted idea
has reviewers, each of whom may review it and finds it in their queue, none of them an author,
and someone to lead its pilot.
"""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from accounts.models import Unit, User
from ideas import services
from ideas.models import Idea, Status
from ideas.permissions import author_ids, leader, may_review, reviewers
from ideas.selectors import review_queue_for

pytestmark = pytest.mark.django_db

CONTENT = {
    "summary": "S",
    "problem": "P",
    "solution": "G",
    "expected_benefit": "B",
    "topic": "digital",
    "scope": "unit",
}


class Refused(Exception):
    pass


def fresh(person):
    return User.objects.get(pk=person.pk)


def attempt(author, co_authors, n):
    """Writes, invites, accepts and submits; returns the submitted idea or raises Refused."""
    try:
        idea, _created = services.idea_create(
            by=author, title=f"Ý tưởng {n}", co_authors=co_authors, **CONTENT
        )
        for invitation in idea.invitations.all():
            services.invitation_answer(invitation=invitation, by=invitation.person, accept=True)
        return services.idea_transition(idea=idea, by=fresh(author), action="submit")
    except ValidationError as error:
        raise Refused(error) from error


def stuck_reasons(idea):
    idea = Idea.objects.prefetch_related("co_authors").get(pk=idea.pk)
    authors = author_ids(idea)
    answer = reviewers(idea)
    reasons = []
    if not answer.people:
        reasons.append("no reviewer")
    if answer.people & authors:
        reasons.append("an author reviews")
    for person in User.objects.filter(pk__in=answer.people):
        if not may_review(fresh(person), idea):
            reasons.append(f"{person.username} may not review")
        if not review_queue_for(fresh(person)).filter(pk=idea.pk).exists():
            reasons.append(f"not in {person.username}'s queue")
    if not leader(idea).people - authors:
        reasons.append("nobody leads the pilot")
    return reasons


def walk(people):
    """(author, co-authors, outcome) for every combination; each attempt rolled back afterwards."""
    results = []
    for n, author in enumerate(people):
        others = [p for p in people if p.pk != author.pk]
        for size in (0, 1, 2):
            for co_authors in itertools.combinations(others, size):
                with transaction.atomic():
                    try:
                        idea = attempt(fresh(author), [fresh(p) for p in co_authors], n)
                    except Refused:
                        outcome = "refused"
                    else:
                        assert idea.status == Status.SUBMITTED
                        outcome = stuck_reasons(idea) or "decidable"
                    transaction.set_rollback(True)
                results.append((author.username, [p.username for p in co_authors], outcome))
    return results


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return list(User.objects.filter(is_active=True, unit__isnull=False).order_by("username"))


def test_every_combination_of_authors_over_the_demo_tree_can_be_decided(demo):
    results = walk(demo)
    stuck = [row for row in results if row[2] not in ("refused", "decidable")]
    assert stuck == []
    # The walk did submit ideas, and did meet refusals: both branches were exercised.
    outcomes = {row[2] for row in results}
    assert outcomes == {"refused", "decidable"}
    # Alone, everybody can submit.
    assert all(outcome == "decidable" for _a, co, outcome in results if not co)


def test_the_same_with_every_account_that_heads_nothing_made_deputy_of_its_unit(demo):
    heads = set(Unit.objects.exclude(head=None).values_list("head_id", flat=True))
    for person in demo:
        if person.pk not in heads:
            Unit.objects.get(pk=person.unit_id).deputies.add(person)
    assert [row for row in walk(demo) if row[2] not in ("refused", "decidable")] == []


def test_the_committee_standing_in_cannot_be_emptied(demo):
    # With no head above a unit, the committee answers for its ideas: the only committee member
    # cannot be invited to co-author one (nobody would be left to decide), and the idea, flagged,
    # waits in the committee's queue.
    committee = User.objects.get(username="committee")
    lone = Unit.objects.create(code="LONE", name="Ban độc lập")
    writer = User.objects.create(username="lone.writer", unit=lone)
    with pytest.raises(ValidationError) as refused:
        services.idea_create(by=writer, title="Một mình", co_authors=[committee], **CONTENT)
    assert "co_authors" in refused.value.message_dict
    idea = attempt(writer, [], 0)
    assert reviewers(idea).by_committee and reviewers(idea).people == {committee.pk}
    [row] = review_queue_for(fresh(committee)).filter(pk=idea.pk)
    assert row.for_committee
