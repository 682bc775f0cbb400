"""Reading a thread: the comments of the audiences the person reads, oldest first."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from .models import Audience, Comment
from .policies import Person, policy_for


@dataclass(frozen=True)
class Thread:
    target: Model
    audiences: frozenset[str]
    comments: list[Comment]

    @property
    def reads_internal(self) -> bool:
        return Audience.INTERNAL in self.audiences


def thread_for(user: Person, target: Model) -> Thread | None:
    """The thread the person reads on the object, or None when they take no part in it."""
    audiences = policy_for(type(target)).audiences(user, target)
    if not audiences:
        return None
    comments = Comment.objects.filter(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        audience__in=audiences,
    ).select_related("author")
    return Thread(target, audiences, list(comments))
