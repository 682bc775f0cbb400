"""Who may do what to an idea: pure predicates of the person and the idea (docs/domain.md).

Role checks here ignore the state; workflow.state_allows() decides the state. A role that may
never take an action gets 403; a role that may, in a state that does not allow it, gets a message.
"""

from accounts.permissions import heads_unit, is_committee, supervises_unit
from accounts.selectors import roles_of, unit_heads

from .models import PUBLIC_STATUSES, RecognitionLevel
from .workflow import OTHER_ACTIONS, TRANSITIONS, state_allows


def author_ids(idea) -> set[int]:
    """The author and co-authors (uses prefetched co-authors when the caller prefetched them)."""
    cache = getattr(idea, "_prefetched_objects_cache", {})
    if "co_authors" in cache:
        co = {u.pk for u in cache["co_authors"]}
    elif idea.pk is None:
        co = set()
    else:
        co = set(idea.co_authors.values_list("pk", flat=True))
    return {idea.author_id, *co}


def is_author(user, idea) -> bool:
    return user.is_authenticated and user.pk in author_ids(idea)


def can_see(user, idea) -> bool:
    if not user.is_authenticated:
        return False
    if idea.status in PUBLIC_STATUSES or is_committee(user):
        return True
    return is_author(user, idea) or supervises_unit(user, idea.unit)


def leads_unit(user, unit) -> bool:
    """Head of the idea's unit (or of its successor); for a unit without a head of its own, the head
    of the nearest unit above that has one (a "văn phòng" is led by its phường's chairman)."""
    if unit is None or not user.is_authenticated:
        return False
    if heads_unit(user, unit):
        return True
    if not roles_of(user).headed:
        return False
    seen = set()
    while unit is not None and unit.pk not in seen:
        seen.add(unit.pk)
        if unit_heads(unit):
            return heads_unit(user, unit)
        unit = unit.parent
    return False


def may_review(user, idea) -> bool:
    """Head or deputy of the idea's unit or a unit above (or a successor); never an author."""
    return supervises_unit(user, idea.unit) and not is_author(user, idea)


def may_recognise(user, idea, level: str | None = None) -> bool:
    unit_level = leads_unit(user, idea.unit) and not is_author(user, idea)
    city_level = bool(is_committee(user))
    if level == RecognitionLevel.UNIT:
        return unit_level
    if level == RecognitionLevel.CITY:
        return city_level
    return unit_level or city_level


def recognition_levels(user, idea) -> list[str]:
    return [level for level in RecognitionLevel.values if may_recognise(user, idea, level)]


ROLE_RULES = {
    "submit": is_author,
    "withdraw": is_author,
    "edit": is_author,
    "attach": is_author,
    "approve": may_review,
    "return": may_review,
    "reject": may_review,
    "start": lambda user, idea: leads_unit(user, idea.unit),
    "complete": lambda user, idea: leads_unit(user, idea.unit),
    "progress": lambda user, idea: is_author(user, idea) or leads_unit(user, idea.unit),
    "recognise": may_recognise,
}
ALL_ACTIONS = (*TRANSITIONS, *OTHER_ACTIONS)


def role_allows(user, idea, action: str) -> bool:
    if not user.is_authenticated or action not in ROLE_RULES:
        return False
    return bool(ROLE_RULES[action](user, idea))


def allowed_actions(user, idea) -> set[str]:
    """The actions the person may take on the idea now (role and state)."""
    return {a for a in ALL_ACTIONS if state_allows(a, idea.status) and role_allows(user, idea, a)}


__all__ = ["allowed_actions", "can_see", "role_allows", "roles_of"]
