"""What the ideas app tells people: its notification kinds and their wording (registered with the
notifications app, rendered in the reader's language when read)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, register

SUBMITTED = register(
    Kind(
        "idea_submitted",
        title=_("New idea to review: %(title)s"),
        body=_("%(person)s submitted an idea of %(unit)s."),
    )
)
# Nobody along the idea's units may review it (all of them wrote it, or there is none).
SUBMITTED_TO_COMMITTEE = register(
    Kind(
        "idea_submitted_committee",
        title=_("New idea for the committee to review: %(title)s"),
        body=_("%(person)s submitted an idea of %(unit)s; nobody in its units may review it."),
    )
)
# The decisions told to the authors; the body is the reviewer's comment.
DECIDED = {
    "return": register(Kind("idea_return", title=_("Your idea was returned for revision: %(title)s"))),
    "approve": register(Kind("idea_approve", title=_("Your idea was approved: %(title)s"))),
    "reject": register(Kind("idea_reject", title=_("Your idea was not approved: %(title)s"))),
    "recognise": register(
        Kind("idea_recognise", title=_("Your idea was recognised as effective: %(title)s"))
    ),
}
# Co-authorship is an invitation: the colleague is told, and the author is told the answer.
INVITED = register(
    Kind(
        "idea_invited",
        title=_("You are invited to co-author an idea: %(title)s"),
        body=_("%(person)s invites you to co-author this idea. Open it to accept or decline."),
    )
)
INVITATION_ACCEPTED = register(
    Kind(
        "idea_invitation_accepted",
        title=_("Invitation accepted: %(title)s"),
        body=_("%(person)s is now a co-author of your idea."),
    )
)
INVITATION_DECLINED = register(
    Kind(
        "idea_invitation_declined",
        title=_("Invitation declined: %(title)s"),
        body=_("%(person)s declined to co-author your idea."),
    )
)
