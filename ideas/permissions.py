"""Who may do what to an idea (docs/domain.md): pure predicates of the person and the idea, each with
the query that selects the same ideas, side by side so that they cannot drift apart.

Role checks here ignore the state; workflow.state_allows() decides the state. A role that may never
take an action gets 403 first; a role that may, in a state that does not allow it, gets a message.

Who answers for an idea comes from the one resolver (accounts.responsibility): its reviewers are
the nearest heads and deputies along its unit's chain who are not its authors; its leader (who
runs the pilot) is the nearest such head; when nobody is eligible, the committee stands in.
"""

from collections.abc import Callable, Collection

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from accounts.models import User
from accounts.responsibility import Answer, unit_tree
from accounts.selectors import roles_of

from .models import ACT_RANK, Idea, Invitation, RecognitionAct
from .workflow import ALL_ACTIONS, PUBLIC_STATUSES, TRANSITIONS, state_allows

Person = User | AnonymousUser
CoAuthorship = Idea.co_authors.through


def author_ids(idea: Idea) -> frozenset[int]:
    """The author and co-authors (from the prefetched co-authors when the caller prefetched them)."""
    if idea.pk is None:
        return frozenset({idea.author_id})
    return frozenset({idea.author_id, *(person.pk for person in idea.co_authors.all())})


def is_author(user: Person, idea: Idea) -> bool:
    return user.is_authenticated and user.pk in author_ids(idea)


def authored_q(user: Person) -> Q:
    """The ideas the person wrote or co-wrote (the query of is_author). The co-written ones are read
    first (one small query): as an `IN (subquery)` arm of an OR (viewable_q) they would make
    PostgreSQL read the whole ideas table, as a list each arm of the OR has its index."""
    pk = user.pk or 0  # nobody wrote anything as anonymous
    co_written = list(CoAuthorship.objects.filter(user_id=pk).values_list("idea_id", flat=True))
    return Q(author_id=pk) | Q(pk__in=co_written)


def is_invited(user: Person, idea: Idea) -> bool:
    """Invited to co-author it, and not answered yet."""
    return (
        user.is_authenticated
        and Invitation.objects.filter(idea=idea, person_id=user.pk, answer=Invitation.Answer.PENDING).exists()
    )


def invited_q(user: Person) -> Q:
    """The query of is_invited. Read first as a list, like the co-written ideas (authored_q): as an
    `IN (subquery)` arm of viewable_q's OR it would make PostgreSQL read the whole ideas table."""
    pending = Invitation.objects.filter(person_id=user.pk or 0, answer=Invitation.Answer.PENDING)
    return Q(pk__in=list(pending.values_list("idea_id", flat=True)))


def may_answer(user: Person, invitation: Invitation) -> bool:
    """Only the invited person answers, once."""
    return (
        user.is_authenticated
        and invitation.person_id == user.pk
        and invitation.answer == Invitation.Answer.PENDING
    )


# Visibility ------------------------------------------------------------------------------------


def may_view(user: Person, idea: Idea) -> bool:
    """Authors, the supervisors of its unit, the committee and the colleagues invited to co-author it
    always; everyone once it is public."""
    if not user.is_authenticated:
        return False
    roles = roles_of(user)
    return (
        idea.status in PUBLIC_STATUSES
        or roles.is_committee
        or idea.unit_id in roles.supervised
        or is_author(user, idea)
        or is_invited(user, idea)
    )


def viewable_q(user: Person) -> Q | None:
    """The query of may_view; None means every idea (the committee)."""
    roles = roles_of(user)
    if roles.is_committee:
        return None
    return (
        Q(status__in=PUBLIC_STATUSES) | authored_q(user) | Q(unit_id__in=roles.supervised) | invited_q(user)
    )


# Who answers for an idea -----------------------------------------------------------------------


def reviewers(idea: Idea) -> Answer:
    """Who is told of the idea, reminded of it and finds it in their queue."""
    return unit_tree().answerers(idea.unit_id, exclude=author_ids(idea))


def leader(idea: Idea) -> Answer:
    """Who runs the idea's pilot and recognises it at unit level."""
    return unit_tree().leader(idea.unit_id, exclude=author_ids(idea))


def _answers(user: Person, idea: Idea, answer: Answer) -> bool:
    if answer.by_committee:
        return roles_of(user).is_committee and not is_author(user, idea)
    return user.pk in answer.people


def may_review(user: Person, idea: Idea) -> bool:
    """Its reviewers and any head or deputy above them along the chain; never an author."""
    answer = reviewers(idea)
    if answer.by_committee:
        return _answers(user, idea, answer)
    return idea.unit_id in roles_of(user).supervised and not is_author(user, idea)


def reviewable_q(user: Person, *, awaiting_committee: Collection[int]) -> Q:
    """The query of may_review, given the ideas nobody in their units may review (selectors)."""
    roles = roles_of(user)
    q = Q(unit_id__in=roles.supervised)
    if roles.is_committee:
        q |= Q(pk__in=awaiting_committee)
    return q & ~authored_q(user)


def may_lead(user: Person, idea: Idea) -> bool:
    return _answers(user, idea, leader(idea))


def may_report_progress(user: Person, idea: Idea) -> bool:
    return is_author(user, idea) or may_lead(user, idea)


def may_recognise_act(user: Person, idea: Idea, act: str) -> bool:
    """Role only. As an initiative and its effect at unit level: the idea's leader (the head who
    answers for its unit, on its council's advice); at city level: the committee, which records the
    decision of the Chairman of the City People's Committee."""
    if act in (RecognitionAct.INITIATIVE, RecognitionAct.UNIT):
        return may_lead(user, idea)
    return act == RecognitionAct.CITY and roles_of(user).is_committee and not is_author(user, idea)


def remaining_acts(idea: Idea) -> list[str]:
    """The acts not yet recorded, above the highest effect already recognised (state, not role)."""
    done = {recognition.act for recognition in idea.recognitions.all()}  # the prefetched ones, if any
    highest = max((ACT_RANK[RecognitionAct(a)] for a in done if a != RecognitionAct.INITIATIVE), default=0)
    return [
        act
        for act in RecognitionAct.values
        if act not in done and (act == RecognitionAct.INITIATIVE or ACT_RANK[RecognitionAct(act)] > highest)
    ]


def may_recognise(user: Person, idea: Idea, level: str | None = None) -> bool:
    """The role for one act (`level`), or for any act when none is given."""
    acts = [level] if level is not None else RecognitionAct.values
    return any(may_recognise_act(user, idea, act) for act in acts)


def recognition_levels(user: Person, idea: Idea) -> list[str]:
    """The acts this person may record on the idea now."""
    return [act for act in remaining_acts(idea) if may_recognise_act(user, idea, act)]


ROLE_RULES: dict[str, Callable[[Person, Idea], bool]] = {
    "submit": is_author,
    "withdraw": is_author,
    "edit": is_author,
    "attach": is_author,
    "approve": may_review,
    "return": may_review,
    "reject": may_review,
    "start": may_lead,
    "complete": may_lead,
    "progress": may_report_progress,
    "relate": may_review,
    "recognise": may_recognise,
}
# The review queue holds the ideas in the states these actions start from.
REVIEW_ACTIONS = tuple(a for a, rule in ROLE_RULES.items() if rule is may_review and a in TRANSITIONS)
REVIEW_STATUSES = frozenset().union(*(TRANSITIONS[action].sources for action in REVIEW_ACTIONS))


def role_allows(user: Person, idea: Idea, action: str) -> bool:
    if not user.is_authenticated or action not in ROLE_RULES:
        return False
    return ROLE_RULES[action](user, idea)


def allowed_actions(user: Person, idea: Idea) -> set[str]:
    """The actions the person may take on the idea now (role and state)."""
    allowed = {a for a in ALL_ACTIONS if state_allows(a, idea.status) and role_allows(user, idea, a)}
    if "recognise" in allowed and not recognition_levels(user, idea):
        allowed.discard("recognise")  # every act this person may record is recorded already
    return allowed
