"""Who may see and who may enter a record: pure predicates of the person and the subject.

This is the only module of the app that asks `accounts` about roles, so that a change in how unit
responsibility is resolved touches one file.

- The committee sees and enters every record.
- Heads and deputies see and enter the records of the people of their units and sub-units (and of
  the units their unit replaced); a collective's record is entered from the unit above it.
- A person sees their own record and never enters it (nobody enters their own record).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from accounts.models import Unit, User
from accounts.permissions import is_committee as _is_committee
from accounts.permissions import supervises
from accounts.selectors import roles_of

Person = User | AnonymousUser


@dataclass(frozen=True)
class Reach:
    """Whose records a person may see: everyone (the committee), or the people and units of these units."""

    everyone: bool
    unit_ids: frozenset[int]


def reach_of(user: Person) -> Reach:
    roles = roles_of(user)
    return Reach(everyone=roles.is_committee, unit_ids=roles.supervised)


def is_committee(user: Person) -> bool:
    return user.is_authenticated and bool(_is_committee(user))


def may_view_person(user: Person, person: User) -> bool:
    if not user.is_authenticated:
        return False
    return is_committee(user) or user.pk == person.pk or bool(supervises(user, person.unit))


def may_edit_person(user: Person, person: User) -> bool:
    if not user.is_authenticated or user.pk == person.pk:
        return False
    return is_committee(user) or bool(supervises(user, person.unit))


def may_view_unit(user: Person, unit: Unit) -> bool:
    return user.is_authenticated and (is_committee(user) or bool(supervises(user, unit)))


def may_edit_unit(user: Person, unit: Unit) -> bool:
    """The committee, or a head or deputy of a unit above this one (a unit does not rate itself)."""
    if not user.is_authenticated:
        return False
    return is_committee(user) or (unit.parent_id is not None and bool(supervises(user, unit.parent)))


def may_view(user: Person, subject: User | Unit) -> bool:
    return may_view_unit(user, subject) if isinstance(subject, Unit) else may_view_person(user, subject)


def may_edit(user: Person, subject: User | Unit) -> bool:
    return may_edit_unit(user, subject) if isinstance(subject, Unit) else may_edit_person(user, subject)


def may_list(user: Person) -> bool:
    """Heads, deputies and the committee have people whose records they follow."""
    reach = reach_of(user)
    return user.is_authenticated and (reach.everyone or bool(reach.unit_ids))


def may_import(user: Person) -> bool:
    return is_committee(user)


def allowed_actions(user: Person, subject: User | Unit) -> set[str]:
    """What the templates may offer on a record page."""
    return {"add", "edit", "remove"} if may_edit(user, subject) else set()
