"""Who takes part in a proposal's discussion: its writers (its author, the head and deputies of the
proposing unit) read and write the thread; its reviewers — the leader of the department asked for
an opinion, once it has been routed to them — and the committee also read and write the internal
notes. A writer never reads the internal notes on their own proposal, whatever else they are; the
supervisors of the proposing unit read the proposal but take no part in its discussion."""

from django.db.models import Model

from accounts.selectors import roles_of
from discussions.policies import BOTH, NOBODY, THREAD_ONLY, Person, register

from .models import Proposal
from .permissions import is_writer, may_opine, may_view
from .selectors import proposal_get_for
from .workflow import Status


class ProposalPolicy:
    def get_for(self, user: Person, pk: int) -> Model:
        return proposal_get_for(user, pk)

    def audiences(self, user: Person, obj: Model) -> frozenset[str]:
        assert isinstance(obj, Proposal)
        if not user.is_authenticated or not may_view(user, obj):
            return NOBODY
        if is_writer(user, obj):
            return THREAD_ONLY
        if roles_of(user).is_committee:
            return BOTH
        if obj.status != Status.DRAFT and obj.department_id is not None and may_opine(user, obj):
            return BOTH
        return NOBODY


register(Proposal, ProposalPolicy())
