"""What reminders say. The rules live in ideas/ and awards/, but their words are kept here so that
the notifications catalogue (notifications/locale) translates every reminder and digest."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

IDEA_SUBMISSION_TITLE = _('Your idea "%(title)s" has not been submitted yet')
IDEA_SUBMISSION_BODY = ngettext_lazy(
    "The idea submission deadline is %(date)s, in %(days)d day.",
    "The idea submission deadline is %(date)s, in %(days)d days.",
    "days",
)
REVIEW_OVERDUE_TITLE = _('The idea "%(title)s" is waiting for your review')
REVIEW_OVERDUE_BODY = ngettext_lazy(
    "Submitted on %(date)s: waiting for %(days)d working day (the limit is %(limit)d).",
    "Submitted on %(date)s: waiting for %(days)d working days (the limit is %(limit)d).",
    "days",
)
REVIEW_DEADLINE_TITLE = _('The idea "%(title)s" is waiting for your review')
REVIEW_DEADLINE_BODY = ngettext_lazy(
    "The idea review deadline is %(date)s, in %(days)d day.",
    "The idea review deadline is %(date)s, in %(days)d days.",
    "days",
)
NOMINATION_SUBMISSION_TITLE = _("Award nominations of %(unit)s are due soon")
NOMINATION_SUBMISSION_BODY = ngettext_lazy(
    "The nomination submission deadline is %(date)s, in %(days)d day.",
    "The nomination submission deadline is %(date)s, in %(days)d days.",
    "days",
)
NOMINATION_REVIEW_TITLE = _("Nominations must be reviewed by %(date)s")
NOMINATION_REVIEW_BODY = ngettext_lazy(
    "The nomination review deadline is %(date)s, in %(days)d day.",
    "The nomination review deadline is %(date)s, in %(days)d days.",
    "days",
)
