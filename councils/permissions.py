"""Who may do what with a council and its meetings: pure predicates, each beside its query.

The committee runs the city's councils (no unit) and sees every council; a unit head runs the
councils of the units they head. The chair and the secretary run the meetings of their council;
every member scores and votes for themselves. Memberships are read once per council object."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from accounts.models import User
from accounts.selectors import roles_of

from .models import Council, Meeting, MemberRole, Membership

Person = User | AnonymousUser
RUNNING_ROLES: frozenset[str] = frozenset({MemberRole.CHAIR, MemberRole.SECRETARY})


def member_roles(council: Council) -> dict[int, str]:
    """Person id → role, read once per council object."""
    cached: dict[int, str] | None = getattr(council, "_member_roles", None)
    if cached is None:
        cached = dict(Membership.objects.filter(council=council).values_list("person_id", "role"))
        council._member_roles = cached  # type: ignore[attr-defined]
    return cached


def may_create_council(user: Person, unit_id: int | None) -> bool:
    """The committee for the city's councils; a unit head for the units they head."""
    if not user.is_authenticated:
        return False
    roles = roles_of(user)
    return roles.is_committee if unit_id is None else unit_id in roles.heads


def may_create_any_council(user: Person) -> bool:
    roles = roles_of(user)
    return user.is_authenticated and (roles.is_committee or roles.is_head)


def may_manage(user: Person, council: Council) -> bool:
    """Members, criteria and meetings of the council: who created it may create it again."""
    return may_create_council(user, council.unit_id)


def is_member(user: Person, council: Council) -> bool:
    return user.is_authenticated and user.pk in member_roles(council)


def may_view_council(user: Person, council: Council) -> bool:
    return may_manage(user, council) or is_member(user, council) or roles_of(user).is_committee


def council_viewable_q(user: Person) -> Q | None:
    """The query of may_view_council; None means every council (the committee)."""
    roles = roles_of(user)
    if roles.is_committee:
        return None
    return Q(unit_id__in=roles.heads) | Q(
        pk__in=Membership.objects.filter(person_id=user.pk).values("council_id")
    )


def may_run(user: Person, council: Council) -> bool:
    """Meetings (creating them, their items, attendance, opening and closing): who manages the
    council, its chair and its secretary."""
    return may_manage(user, council) or (
        user.pk is not None and member_roles(council).get(user.pk, "") in RUNNING_ROLES
    )


def may_run_meeting(user: Person, meeting: Meeting) -> bool:
    """Also who sees the live totals while members score and vote."""
    return may_run(user, meeting.council)


def may_see_navigation(user: Person) -> bool:
    """The committee, unit heads and every council member."""
    if not user.is_authenticated:
        return False
    return may_create_any_council(user) or Membership.objects.filter(person_id=user.pk).exists()
