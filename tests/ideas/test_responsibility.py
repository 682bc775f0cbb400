"""Who answers for an idea, asked everywhere it matters: the submit notification, the overdue
reminder, the review queue, the review permission and the pilot must all name the same people.

The cases that used to disagree: a unit moved under another parent, a unit replaced by a successor
that sits under another parent, a head who co-wrote the idea, and an idea nobody may review.
"""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from ideas import services
from ideas.models import Idea
from ideas.permissions import may_lead, may_review
from ideas.selectors import review_queue_for
from notifications.models import Notification
from notifications.reminders import collect
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

SUBMITTED_ON = datetime.date(2026, 11, 2)
TODAY = datetime.date(2026, 11, 18)  # eleven working days later: overdue


def submit(author, co_authors=()):
    idea, _ = services.idea_create(
        by=author, title="Giải pháp thử", summary="S", problem="P", solution="G", expected_benefit="B",
        topic="digital", scope="unit", co_authors=list(co_authors),
    )  # fmt: skip
    for invitation in idea.invitations.all():
        services.invitation_answer(invitation=invitation, by=invitation.person, accept=True)
    at = timezone.make_aware(datetime.datetime.combine(SUBMITTED_ON, datetime.time(9)))
    return services.idea_transition(idea=idea, by=author, action="submit", now=at, today=SUBMITTED_ON)


def fresh(person):
    """The person as a new request would load them (roles are computed once per user object)."""
    return User.objects.get(pk=person.pk)


def everywhere(idea):
    """Who is named as answering for the idea by each part of the portal."""
    people = list(User.objects.all())
    notified = set(
        Notification.objects.filter(kind__startswith="idea_submitted").values_list("recipient", flat=True)
    )
    reminded = {r.person_id for r in collect(today=TODAY, only=["idea_review_overdue"])}
    queue = {p.pk for p in people if review_queue_for(fresh(p)).filter(pk=idea.pk).exists()}
    may = {p.pk for p in people if may_review(fresh(p), Idea.objects.get(pk=idea.pk))}
    return notified, reminded, queue, may


def pilot_leaders(idea, approver):
    services.idea_transition(idea=idea, by=approver, action="approve")
    idea = Idea.objects.get(pk=idea.pk)
    return {p.pk for p in User.objects.all() if may_lead(fresh(p), idea)}


def ids(*people):
    return {p.pk for p in people}


def test_a_unit_moved_under_another_parent_answers_to_its_new_parent(org):
    # The sub-unit has no head of its own; it was moved from "unit" to "other".
    org.sub.head = None
    org.sub.parent = org.other
    org.sub.save()
    idea = submit(org.author)
    notified, reminded, queue, may = everywhere(idea)
    assert notified == reminded == ids(org.other_head)
    assert queue == may == ids(org.other_head, org.city_head)
    assert pilot_leaders(idea, org.other_head) == ids(org.other_head)


def test_a_replaced_unit_answers_through_its_successor_not_its_old_parent(org):
    # "sub" (with its own head, still linked) was replaced by a new unit under "other" that has no
    # head of its own: the successor's parent answers; neither the old head nor the old parent.
    successor = UnitFactory(code="SUB-NEW", parent=org.other)
    org.sub.successor = successor
    org.sub.valid_until = datetime.date(2025, 6, 30)
    org.sub.save()
    idea = submit(org.author)
    notified, reminded, queue, may = everywhere(idea)
    assert notified == reminded == ids(org.other_head)
    assert queue == may == ids(org.other_head, org.city_head)
    assert org.sub_head.pk not in may and org.head.pk not in may
    assert pilot_leaders(idea, org.other_head) == ids(org.other_head)


def test_a_head_who_wrote_the_idea_is_left_out_everywhere(org):
    idea = submit(org.sub_head, co_authors=[org.author])
    notified, reminded, queue, may = everywhere(idea)
    # The next level up answers: the head and the deputy of "unit".
    assert notified == reminded == ids(org.head, org.deputy)
    assert queue == may == ids(org.head, org.deputy, org.city_head)
    assert org.sub_head.pk not in may
    # The pilot is led by the nearest head who is not an author.
    assert pilot_leaders(idea, org.deputy) == ids(org.head)


def test_an_idea_nobody_in_its_units_may_review_goes_to_the_committee(org):
    lone = UnitFactory(code="LONE", name="Ban độc lập")
    boss = UserFactory(username="boss", unit=lone)
    lone.head = boss
    lone.save()
    idea = submit(boss)
    notified, reminded, queue, may = everywhere(idea)
    assert notified == reminded == ids(org.committee)
    assert queue == may == ids(org.committee, org.superuser)
    [row] = review_queue_for(fresh(org.committee)).filter(pk=idea.pk)
    assert row.for_committee
    assert pilot_leaders(idea, org.committee) == ids(org.committee, org.superuser)


def test_the_committee_queue_holds_only_what_nobody_else_may_review(org):
    ordinary = submit(org.author)
    assert not review_queue_for(fresh(org.committee)).filter(pk=ordinary.pk).exists()
    assert may_review(fresh(org.committee), ordinary) is False
