"""What an idea is before a council (councils/registry.py): scored on the council's criteria; voted
on too when it is to be recognised (completed or already recognised). Its author and co-authors
may neither score nor vote on it. The council's default threshold applies."""

from collections.abc import Iterable

from django.db.models import Model

from accounts.models import User
from accounts.selectors import unit_subtree_ids
from councils.models import Council
from councils.registry import Subject, register

from .models import Idea, Status
from .permissions import author_ids
from .selectors import idea_list_for

UNDER_REVIEW = (Status.SUBMITTED,)
TO_RECOGNISE = (Status.COMPLETED, Status.RECOGNISED)
MAX_CANDIDATES = 200


class IdeaSubject:
    def candidates(self, user: User, council: Council) -> Iterable[Model]:
        ideas = idea_list_for(user).filter(status__in=(*UNDER_REVIEW, *TO_RECOGNISE))
        if council.unit_id is not None:
            ideas = ideas.filter(unit_id__in=unit_subtree_ids(council.unit_id))
        return ideas.prefetch_related("co_authors").order_by("-updated_at", "-pk")[:MAX_CANDIDATES]

    def describe(self, obj: Model) -> Subject:
        assert isinstance(obj, Idea)
        return Subject(
            label=obj.title,
            url=obj.get_absolute_url(),
            scored=True,
            voted=obj.status in TO_RECOGNISE,
            threshold=None,
            excluded=author_ids(obj),
        )


register(Idea, IdeaSubject())
