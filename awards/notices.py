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
}

# The same decisions told to the person nominated (a collective's nomination is told to its leader
# through DECIDED); the body is the decider's comment.
TO_NOMINEE = {
    "approve": register(
        Kind(
            "nomination_nominee_approve",
            title=_("Your nomination for %(award)s was approved and forwarded"),
        )
    ),
    "return": register(
        Kind(
            "nomination_nominee_return",
            title=_("Your nomination for %(award)s was returned to your unit for completion"),
        )
    ),
    "reject": register(
        Kind("nomination_nominee_reject", title=_("Your nomination for %(award)s was not approved"))
    ),
    "confer": register(
        Kind(
            "nomination_nominee_confer",
            title=_("You were awarded %(award)s"),
            body=_("Decision %(decision_number)s of %(decision_date)s."),
        )
    ),
}

# A nomination reached the decision queue of its deciders (the committee, or the unit's head for a
# unit-level certificate).
SUBMITTED = register(
    Kind(
        "nomination_submitted",
        title=_("Nomination to decide: %(name)s – %(award)s"),
        body=_("Proposed by %(unit)s."),
    )
)
