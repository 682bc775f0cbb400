"""Who takes part in an idea's discussion: its authors read and write the thread; its reviewers
(and any head or deputy above them) and the committee also read and write the internal notes. An
author never reads the internal notes on their own idea, whatever else they are."""

from django.db.models import Model

from accounts.selectors import roles_of
from discussions.policies import BOTH, NOBODY, THREAD_ONLY, Person, register

from .models import Idea
from .permissions import is_author, may_review
from .selectors import idea_get_for


class IdeaPolicy:
    def get_for(self, user: Person, pk: int) -> Model:
        return idea_get_for(user, pk)

    def audiences(self, user: Person, obj: Model) -> frozenset[str]:
        assert isinstance(obj, Idea)
        if not user.is_authenticated:
            return NOBODY
        if is_author(user, obj):
            return THREAD_ONLY
        if roles_of(user).is_committee or may_review(user, obj):
            return BOTH
        return NOBODY


register(Idea, IdeaPolicy())
