"""Session time limits: a signed-in person is signed out after SESSION_IDLE_TIMEOUT without any
request, and SESSION_ABSOLUTE_TIMEOUT after signing in whatever they do (offices share computers;
a stolen session cookie stops working). The next page asks them to sign in again, then returns."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone
from django.utils.translation import gettext as _

SIGNED_IN_AT = "portal_signed_in_at"
SEEN_AT = "portal_seen_at"
# The last-seen time is written at most this often (seconds), not on every request.
SEEN_RESOLUTION = 60


def session_started(sender, request, user, **kwargs):
    """user_logged_in receiver (like Django's own update_last_login): the session's clock starts at
    sign-in, so that its first page does not have to write the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = timezone.now().timestamp()


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._touch(request.session, timezone.now().timestamp())
            if expired:
                logout(request)
                messages.info(request, expired)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _touch(session, now: float) -> str | None:
        """Records activity; returns why the session has expired, if it has."""
        signed_in_at = session.get(SIGNED_IN_AT)
        if signed_in_at is None:  # a session from before these limits existed
            session[SIGNED_IN_AT] = session[SEEN_AT] = now
            return None
        if now - signed_in_at > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
            hours = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() / 3600
            return _("For your security, a sign-in lasts at most %(hours)s hours. Please sign in again.") % {
                "hours": f"{hours:g}"
            }
        seen_at = session.get(SEEN_AT, signed_in_at)
        if now - seen_at > settings.SESSION_IDLE_TIMEOUT.total_seconds():
            minutes = settings.SESSION_IDLE_TIMEOUT.total_seconds() / 60
            return _(
                "You were signed out after %(minutes)s minutes without activity. Please sign in again."
            ) % {"minutes": f"{minutes:g}"}
        if now - seen_at >= SEEN_RESOLUTION:
            session[SEEN_AT] = now
        return None
