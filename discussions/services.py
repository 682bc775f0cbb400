"""Writing a comment: the owner's policy decides who may write which audience; mentions of people
who read that audience notify them, in the same transaction."""

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.services import notify

from . import notices
from .models import MAX_BODY, Comment
from .policies import policy_for

# "@head.binhtan" (a username: letters, digits and @.+-_), not inside an e-mail address.
MENTION = re.compile(r"(?<![\w.])@([\w.@+-]+)")


@dataclass(frozen=True)
class Posted:
    comment: Comment
    not_told: list[str]  # mentioned usernames that cannot read the comment (or do not exist)


def clean_body(text: str) -> str:
    """The text with line breaks kept and other control characters removed, trimmed."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc").strip()


def mentioned_names(body: str) -> set[str]:
    return {name.rstrip(".") for name in MENTION.findall(body)}


def comment_post(*, target: Model, by: User, body: str, audience: str) -> Posted:
    """Adds a comment to the object's thread (or an internal note), and tells the people mentioned
    in it who may read it."""
    policy = policy_for(type(target))
    allowed = policy.audiences(by, target)
    if not allowed:
        raise PermissionDenied
    if audience not in allowed:
        raise ValidationError({"audience": [_("You cannot write internal notes here.")]})
    body = clean_body(body)
    if not body:
        raise ValidationError({"body": [_("Write the comment before sending it.")]})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": [_("A comment has at most %(max)d characters.") % {"max": MAX_BODY}]})
    names = mentioned_names(body) - {by.username}
    people = User.objects.filter(username__in=names, is_active=True)
    told = [person for person in people if audience in policy.audiences(person, target)]
    with transaction.atomic():
        comment = Comment.objects.create(target=target, author=by, audience=audience, body=body)
        comment.mentioned.set(told)
        notify(
            recipients=told,
            kind=notices.MENTIONED,
            params={"person": by.display_name, "title": str(target), "comment": body[:500]},
            url=f"{target.get_absolute_url()}#comments",  # type: ignore[attr-defined]
        )
    return Posted(comment, sorted(names - {person.username for person in told}))
