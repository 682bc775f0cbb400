"""What a nomination is before a council (councils/registry.py): voted on while it is under review,
with the threshold of its award type (data: e.g. 80 % of the members for CSTĐCS, 90 % for CSTĐ cấp
tỉnh); its nominee may not vote on it."""

from collections.abc import Iterable

from django.db.models import Model

from accounts.models import User
from accounts.selectors import unit_subtree_ids
from councils.models import Council
from councils.registry import Subject, register

from .models import Nomination
from .selectors import nomination_list_for
from .workflow import Status

MAX_CANDIDATES = 200


class NominationSubject:
    def candidates(self, user: User, council: Council) -> Iterable[Model]:
        nominations = nomination_list_for(user).filter(status=Status.SUBMITTED)
        if council.unit_id is not None:
            nominations = nominations.filter(proposing_unit_id__in=unit_subtree_ids(council.unit_id))
        return nominations.select_related("award_type", "nominee", "nominee_unit").order_by("-pk")[
            :MAX_CANDIDATES
        ]

    def describe(self, obj: Model) -> Subject:
        assert isinstance(obj, Nomination)
        return Subject(
            label=f"{obj.nominee_name} – {obj.award_type.name}",
            url=obj.get_absolute_url(),
            scored=False,
            voted=True,
            threshold=obj.award_type.vote_threshold,
            excluded=frozenset({obj.nominee_id}) if obj.nominee_id else frozenset(),
        )


register(Nomination, NominationSubject())
