"""What the proposals app tells people (kinds registered with the notifications app)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, register

SUBMITTED = register(
    Kind(
        "proposal_submitted",
        title=_("New proposal to the city: %(title)s"),
        body=_("%(unit)s sent a proposal; route it to the competent department."),
    )
)
ROUTED = register(
    Kind(
        "proposal_routed",
        title=_("A proposal waits for your department's opinion: %(title)s"),
        body=_("The committee asks %(department)s for a written opinion by %(date)s."),
    )
)
# The body is the department's opinion (free text, never translated).
OPINION = register(Kind("proposal_opinion", title=_("The department gave its opinion on: %(title)s")))
CONCLUDED = {
    "city_pilot": register(
        Kind(
            "proposal_concluded_city_pilot",
            title=_("The city accepted the proposal for a city pilot: %(title)s"),
            body=_("Document %(number)s of %(date)s."),
        )
    ),
    "regulation": register(
        Kind(
            "proposal_concluded_regulation",
            title=_("The city accepted the proposal for a change of regulation: %(title)s"),
            body=_("Document %(number)s of %(date)s."),
        )
    ),
    "not_accepted": register(
        Kind(
            "proposal_concluded_not_accepted",
            title=_("The city did not accept the proposal: %(title)s"),
            body=_("Document %(number)s of %(date)s."),
        )
    ),
}

# Decree 73/2023/NĐ-CP: the committee learns of a registration; the writers of each recorded step.
INNOVATION_REGISTERED = register(
    Kind(
        "proposal_nd73_registered",
        title=_("Registered as an innovation proposal under Decree 73/2023/NĐ-CP: %(title)s"),
        body=_("%(unit)s registered the proposal; record the decree's steps as their documents arrive."),
    )
)
_STEP_BODY = _("Document %(number)s of %(date)s, issued by %(authority)s.")
INNOVATION_STEPS = {
    "party_approval": register(
        Kind(
            "proposal_nd73_party_approval",
            title=_("The Party committee's opinion before approval was recorded: %(title)s"),
            body=_STEP_BODY,
        )
    ),
    "approval": register(
        Kind(
            "proposal_nd73_approval",
            title=_("Approved in writing under Decree 73/2023/NĐ-CP: %(title)s"),
            body=_STEP_BODY,
        )
    ),
    "party_evaluation": register(
        Kind(
            "proposal_nd73_party_evaluation",
            title=_("The Party committee's opinion before evaluation was recorded: %(title)s"),
            body=_STEP_BODY,
        )
    ),
    "evaluation": register(
        Kind(
            "proposal_nd73_evaluation",
            title=_("The innovation proposal was evaluated: %(title)s"),
            body=_STEP_BODY,
        )
    ),
    "protection": register(
        Kind(
            "proposal_nd73_protection",
            title=_("A protection decision was issued for the innovation proposal: %(title)s"),
            body=_STEP_BODY,
        )
    ),
}
