"""What the awards app tells people: its notification kinds and their wording (registered with the
notifications app, rendered in the reader's language when read)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, register

# The decisions told to the proposing unit's leader; the body is the decider's comment.
DECIDED = {
    "approve": register(Kind("nomination_approve", title=_("Nomination approved: %(name)s – %(award)s"))),
    "return": register(
        Kind("nomination_return", title=_("Nomination returned for completion: %(name)s – %(award)s"))
    ),
    "reject": register(Kind("nomination_reject", title=_("Nomination not approved: %(name)s – %(award)s"))),
    "confer": register(Kind("nomination_confer", title=_("Award conferred: %(name)s – %(award)s"))),
    "not_confer": register(
        Kind(
            "nomination_not_confer", title=_("Award not conferred by the higher level: %(name)s – %(award)s")
        )
    ),
    "confer_lower": register(
        Kind("nomination_confer_lower", title=_("Award conferred at a lower form: %(name)s – %(award)s"))
    ),
}
