"""Who may do what with nominations: pure predicates over the person and the nomination, each with
the query that selects the same nominations, side by side so that they cannot drift apart.

States are the workflow's business (workflow.py); these predicates answer only "may this person,
given their roles, take this action on this nomination". Who leads a proposing unit (submits its
nominations, decides its unit-level certificates) comes from the one resolver
(accounts.responsibility): the nearest head along the unit's chain, else the committee.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from accounts.models import User
from accounts.responsibility import Answer, unit_tree
from accounts.selectors import roles_of

from . import workflow
from .models import AwardType, Nomination, Status

Person = User | AnonymousUser


def may_nominate(user: Person) -> bool:
    """Heads and deputies draft nominations (for people and collectives under them)."""
    return roles_of(user).is_head_or_deputy


def proposing_unit_id(user: Person, unit_id: int, *, nominee_id: int | None = None) -> int | None:
    """The unit that proposes someone of `unit_id`: the nearest unit along its chain that this
    person heads or deputises, provided its leader is not the nominee (whose award is then
    proposed by the unit above). None: this person may not nominate them."""
    tree = unit_tree()
    node = tree.acting_unit(unit_id, user.pk) if user.is_authenticated else None
    if node is None:
        return None
    answer = tree.leader(node)
    if nominee_id is not None and not answer.by_committee and answer.people == {nominee_id}:
        return None
    return node


def is_nominee(user: Person, nomination: Nomination) -> bool:
    return nomination.nominee_id is not None and nomination.nominee_id == user.pk


# Visibility ------------------------------------------------------------------------------------


def may_view(user: Person, nomination: Nomination) -> bool:
    """The committee, the supervisors of the proposing unit; the nominee once it left the drafts."""
    if not user.is_authenticated:
        return False
    roles = roles_of(user)
    if roles.is_committee or nomination.proposing_unit_id in roles.supervised:
        return True
    return is_nominee(user, nomination) and nomination.status != Status.DRAFT


def viewable_q(user: Person) -> Q | None:
    """The query of may_view; None means every nomination (the committee)."""
    roles = roles_of(user)
    if roles.is_committee:
        return None
    return (Q(nominee_id=user.pk) & ~Q(status=Status.DRAFT)) | Q(proposing_unit_id__in=roles.supervised)


# Editing and the workflow ----------------------------------------------------------------------


def may_edit_any_state(user: Person, nomination: Nomination) -> bool:
    """Role only: the heads and deputies along the proposing unit's chain prepare its nominations."""
    return nomination.proposing_unit_id in roles_of(user).supervised


def may_edit(user: Person, nomination: Nomination) -> bool:
    return nomination.status in workflow.EDITABLE_STATUSES and may_edit_any_state(user, nomination)


def leader(nomination: Nomination) -> Answer:
    """Who submits the nomination and decides a unit-level certificate."""
    return unit_tree().leader(nomination.proposing_unit_id)


def deciders(nomination: Nomination) -> Answer:
    """Who decides the nomination once it is submitted: its leader for a unit-level certificate,
    the committee for the others (the nominee never decides their own award)."""
    if _unit_level(nomination):
        answer = leader(nomination)
    else:
        answer = Answer(unit_tree().committee(), by_committee=True)
    if nomination.nominee_id is None:
        return answer
    return Answer(answer.people - {nomination.nominee_id}, by_committee=answer.by_committee)


def _leads(user: Person, nomination: Nomination) -> bool:
    answer = leader(nomination)
    return roles_of(user).is_committee if answer.by_committee else user.pk in answer.people


def _leads_q(user: Person) -> Q:
    roles = roles_of(user)
    q = Q(proposing_unit_id__in=roles.leads)
    if roles.is_committee:
        q |= Q(proposing_unit_id__in=unit_tree().leaderless())
    return q


def _unit_level(nomination: Nomination) -> bool:
    return nomination.award_type.decided_by_unit_head


def _unit_level_q(unit_level: bool) -> Q:
    # A subquery rather than a join: with the join, an OR over both tables' columns costs
    # PostgreSQL about 10 ms of planning on every queue query.
    q = Q(award_type__in=AwardType.objects.filter(code=AwardType.UNIT_CERTIFICATE).values("pk"))
    return q if unit_level else ~q


def may_act(user: Person, nomination: Nomination, action: str) -> bool:
    """Role only (the state is the workflow's): its leader submits and decides a unit-level
    certificate, the committee decides the others; nobody acts on their own award."""
    unit_level = _unit_level(nomination)
    if not user.is_authenticated or workflow.move_for(unit_level, action) is None:
        return False
    if is_nominee(user, nomination):
        return False
    if action == "submit" or unit_level:
        return _leads(user, nomination)
    return roles_of(user).is_committee


def _act_role(user: Person, action: str, unit_level: bool) -> str | None:
    """Who may act, for one action and kind of award: "leads" (the proposing unit's leader),
    "any" (the committee, on every nomination) or None (never). The query form of may_act."""
    if action == "submit" or unit_level:
        return "leads"
    return "any" if roles_of(user).is_committee else None


def actionable_q(user: Person) -> Q:
    """The nominations on which the person may take some action now: the workflow's tables
    (state) crossed with may_act (role). The query of `bool(allowed_actions(user, nomination))`.

    The statuses are gathered per kind of award and role first, so the query has one condition
    per pair rather than one per action: PostgreSQL spends its planning time on every arm of an OR
    (with the table's partial indexes, 20 ms for the thirteen arms of the action-by-action form)."""
    q = Q(pk__in=[])
    for unit_level, table in workflow.TABLES.items():
        statuses: dict[str, set[str]] = {}
        for action, move in table.items():
            role = _act_role(user, action, unit_level)
            if role is not None:
                statuses.setdefault(role, set()).update(move.sources)
        by_role = Q(pk__in=[])
        if "any" in statuses:
            by_role |= Q(status__in=sorted(statuses["any"]))
        leads_only = statuses.get("leads", set()) - statuses.get("any", set())
        if leads_only:
            by_role |= Q(status__in=sorted(leads_only)) & _leads_q(user)
        if statuses:
            q |= _unit_level_q(unit_level) & by_role
    return q & ~Q(nominee_id=user.pk)


def may_see_queue(user: Person) -> bool:
    """Those who may act on some nomination: the committee and the heads who lead a unit."""
    roles = roles_of(user)
    return roles.is_committee or bool(roles.leads)


def allowed_actions(user: Person, nomination: Nomination) -> list[str]:
    """The actions this person may take now, for the template's buttons."""
    unit_level = _unit_level(nomination)
    return [
        action
        for action in workflow.ACTIONS
        if workflow.state_allows(unit_level, action, nomination.status) and may_act(user, nomination, action)
    ]


# The dossier -------------------------------------------------------------------------------------


def may_prepare_dossier(user: Person, nomination: Nomination) -> bool:
    """Role only: the heads and deputies who prepare the proposal, and the committee, attach its
    files and draw up its documents (cover request, list); never the nominee."""
    if not user.is_authenticated or is_nominee(user, nomination):
        return False
    return roles_of(user).is_committee or may_edit_any_state(user, nomination)


def prepare_dossier_q(user: Person) -> Q:
    """The query of may_prepare_dossier."""
    roles = roles_of(user)
    mine = Q() if roles.is_committee else Q(proposing_unit_id__in=roles.supervised)
    return mine & ~Q(nominee_id=user.pk)


def may_prepare_any_dossier(user: Person) -> bool:
    """Those who draw up cover requests and lists at all: heads, deputies and the committee."""
    roles = roles_of(user)
    return user.is_authenticated and (roles.is_committee or roles.is_head_or_deputy)


def may_get_achievement_report(user: Person, nomination: Nomination) -> bool:
    """The report is drawn up by those who prepare the proposal, and read by its nominee."""
    return may_prepare_dossier(user, nomination) or (
        is_nominee(user, nomination) and may_view(user, nomination)
    )


def may_record_posting(user: Person, nomination: Nomination) -> bool:
    """Role only: the committee, who forwards the proposal, records its public posting."""
    return user.is_authenticated and roles_of(user).is_committee and not is_nominee(user, nomination)


def may_manage_rounds(user: Person) -> bool:
    """The committee (and the administrator) creates and changes award rounds."""
    return roles_of(user).is_committee
