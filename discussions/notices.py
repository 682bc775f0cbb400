"""What the discussions app tells people (registered with the notifications app)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, register

# The body is the comment itself (a colleague's words are never translated).
MENTIONED = register(Kind("comment_mention", title=_("%(person)s mentioned you on “%(title)s”")))
