"""Who may do what with a good practice (docs/domain.md, "Library of good practices"): pure
predicates, each beside the query that selects the same practices.

- Its *authors* are the source's: the idea's author and co-authors, or the pilot's person in charge.
  They write and edit the public summary and approve it for the authors.
- Its *head* is the nearest head along its unit's chain who is not an author (the one resolver,
  accounts.responsibility); when there is none, the committee stands in. The head approves it too.
- A published practice is read by everyone signed in; before that only by its authors, its head and
  the committee.
- Another unit's head or deputy (the head's delegate, as for proposals) records that their unit
  adopted a published practice; never the practice's own unit.
"""

from django.db.models import Q

from accounts.responsibility import Answer, unit_tree
from accounts.selectors import roles_of
from ideas import permissions as idea_permissions
from ideas.models import Idea
from ideas.permissions import Person
from pilots import permissions as pilot_permissions
from pilots.models import Pilot
from pilots.workflow import Outcome
from pilots.workflow import Status as PilotStatus

from .models import Practice

EFFECTIVE_OUTCOMES = frozenset({Outcome.EFFECTIVE, Outcome.PARTLY})


def source_author_ids(source: Idea | Pilot) -> frozenset[int]:
    if isinstance(source, Idea):
        return idea_permissions.author_ids(source)
    return frozenset({source.owner_id})


def author_ids(practice: Practice) -> frozenset[int]:
    source = practice.idea if practice.idea_id else practice.pilot
    assert source is not None  # a database constraint: exactly one source
    return source_author_ids(source)


def is_author(user: Person, practice: Practice) -> bool:
    return user.is_authenticated and user.pk in author_ids(practice)


def head_of(practice: Practice) -> Answer:
    """Who approves the summary for the unit."""
    return unit_tree().leader(practice.unit_id, exclude=author_ids(practice))


def is_head(user: Person, practice: Practice) -> bool:
    if not user.is_authenticated:
        return False
    answer = head_of(practice)
    if answer.by_committee:
        return roles_of(user).is_committee and not is_author(user, practice)
    return user.pk in answer.people


# Sources ---------------------------------------------------------------------------------------


def is_eligible(source: Idea | Pilot) -> bool:
    """A recognised idea (any act of recognition), or a pilot closed as effective or partly effective."""
    if isinstance(source, Idea):
        return source.recognitions.exists()
    return source.status == PilotStatus.CLOSED and source.outcome in EFFECTIVE_OUTCOMES


def may_write_for(user: Person, source: Idea | Pilot) -> bool:
    """The source's authors write its summary (the state, eligibility, is the service's to say)."""
    return user.is_authenticated and user.pk in source_author_ids(source)


def may_view_source(user: Person, practice: Practice) -> bool:
    """Whether the practice's page may link to its idea or pilot."""
    if practice.idea is not None:
        return idea_permissions.may_view(user, practice.idea)
    return practice.pilot is not None and pilot_permissions.may_view(user, practice.pilot)


# Visibility ------------------------------------------------------------------------------------


def may_view(user: Person, practice: Practice) -> bool:
    if not user.is_authenticated:
        return False
    return (
        practice.is_published
        or roles_of(user).is_committee
        or is_author(user, practice)
        or is_head(user, practice)
    )


def published_q() -> Q:
    """The query of may_view for the library's list: what everyone signed in reads."""
    return Q(published_at__isnull=False)


def may_edit(user: Person, practice: Practice) -> bool:
    return is_author(user, practice)


def may_approve(user: Person, practice: Practice) -> bool:
    return is_author(user, practice) or is_head(user, practice)


# Adoptions -------------------------------------------------------------------------------------


def adopting_units(user: Person) -> frozenset[int]:
    """The units for which the person records adoptions: those they head or deputise."""
    roles = roles_of(user)
    return roles.heads | roles.deputises


def adopting_units_for(user: Person, practice: Practice) -> frozenset[int]:
    return adopting_units(user) - {practice.unit_id}


def may_adopt(user: Person, practice: Practice) -> bool:
    return user.is_authenticated and bool(adopting_units_for(user, practice))


def allowed_actions(user: Person, practice: Practice) -> set[str]:
    """The actions the person's role allows (the services check the state)."""
    rules = {"edit": may_edit, "approve": may_approve, "adopt": may_adopt}
    return {action for action, rule in rules.items() if rule(user, practice)}
