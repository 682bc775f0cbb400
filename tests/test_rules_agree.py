"""Each rule is a predicate (one object) with its query (a list): over the demo data, for every demo
account and every demo idea and nomination, both must name the same objects.

- ideas: may_view ↔ idea_list_for; may_review in a reviewable state ↔ review_queue_for
- nominations: may_view ↔ nomination_list_for; some allowed action ↔ decision_queue_for;
  may_prepare_dossier ↔ prepare_dossier_q (the batch documents)
- councils: may_view_council ↔ council_list_for
"""

import pytest
from django.core.management import call_command

from accounts.models import User
from awards import permissions as award_rules
from awards import selectors as award_reads
from awards.models import Nomination, Status
from ideas import permissions as idea_rules
from ideas import selectors as idea_reads
from ideas.models import Idea
from ideas.workflow import state_allows

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    people = list(User.objects.order_by("username"))
    assert len(people) >= 7
    return people


def fresh(person):
    return User.objects.get(pk=person.pk)


def mismatches(people, objects, predicate, query):
    """(username, object pk, predicate, query) for every pair where the two disagree."""
    out = []
    for person in people:
        listed = set(query(fresh(person)).values_list("pk", flat=True))
        for obj in objects:
            decided = bool(predicate(fresh(person), obj))
            if decided != (obj.pk in listed):
                out.append((person.username, obj.pk, decided, obj.pk in listed))
    return out


def test_idea_visibility_and_review_queue_agree(demo):
    ideas = list(Idea.objects.prefetch_related("co_authors"))
    assert {idea.status for idea in ideas} >= {"draft", "submitted", "returned", "approved", "recognised"}

    def reviewable(user, idea):
        return any(
            state_allows(action, idea.status) and idea_rules.may_review(user, idea)
            for action in idea_rules.REVIEW_ACTIONS
        )

    assert mismatches(demo, ideas, idea_rules.may_view, idea_reads.idea_list_for) == []
    assert mismatches(demo, ideas, reviewable, idea_reads.review_queue_for) == []


def test_nomination_visibility_and_decision_queue_agree(demo):
    nominations = list(Nomination.objects.select_related("award_type"))
    assert len({n.status for n in nominations}) == len(Status.values)
    assert mismatches(demo, nominations, award_rules.may_view, award_reads.nomination_list_for) == []
    assert mismatches(demo, nominations, award_rules.allowed_actions, award_reads.decision_queue_for) == []


def test_who_prepares_a_dossier_agrees(demo):
    nominations = list(Nomination.objects.select_related("award_type"))

    def prepares(user, nomination):
        return award_rules.may_view(user, nomination) and award_rules.may_prepare_dossier(user, nomination)

    def prepared(user):
        return award_reads.nomination_list_for(user).filter(award_rules.prepare_dossier_q(user))

    assert mismatches(demo, nominations, prepares, prepared) == []


def test_every_demo_idea_and_nomination_is_seen_by_someone_who_is_not_the_committee(demo):
    """The check above would pass vacuously if only the committee saw anything."""
    staff = [p for p in demo if not p.is_superuser and not p.groups.exists()]
    seen = {
        pk for person in staff for pk in idea_reads.idea_list_for(fresh(person)).values_list("pk", flat=True)
    }
    assert seen == set(Idea.objects.values_list("pk", flat=True))


def test_proposal_and_pilot_visibility_and_the_opinion_queue_agree(demo):
    from pilots import permissions as pilot_rules
    from pilots import selectors as pilot_reads
    from pilots.models import Pilot
    from proposals import permissions as proposal_rules
    from proposals import selectors as proposal_reads
    from proposals.models import Proposal

    proposals = list(Proposal.objects.all())
    assert {p.status for p in proposals} >= {"draft", "routed", "concluded"}

    def waits_for_opinion(user, proposal):
        return proposal.status == "routed" and proposal_rules.may_opine(user, proposal)

    assert mismatches(demo, proposals, proposal_rules.may_view, proposal_reads.proposal_list_for) == []
    assert mismatches(demo, proposals, waits_for_opinion, proposal_reads.opinion_queue_for) == []
    pilots = list(Pilot.objects.prefetch_related("members"))
    assert {p.status for p in pilots} >= {"running", "closed"}
    assert mismatches(demo, pilots, pilot_rules.may_view, pilot_reads.pilot_list_for) == []


def test_council_visibility_agrees(demo):
    from councils import permissions as council_rules
    from councils import selectors as council_reads
    from councils.models import Council

    councils = list(Council.objects.all())
    assert len(councils) >= 2
    assert mismatches(demo, councils, council_rules.may_view_council, council_reads.council_list_for) == []
