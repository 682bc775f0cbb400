"""What the pilots app tells people (kinds registered with the notifications app)."""

from django.utils.translation import gettext_lazy as _

from notifications.kinds import Kind, register

REGISTERED = register(
    Kind(
        "pilot_registered",
        title=_("You are in the team of a pilot: %(title)s"),
        body=_("%(unit)s registered the pilot; its milestones and indicators are on its page."),
    )
)
CORRECTION = register(
    Kind(
        "pilot_correction",
        title=_("A correction is requested on the pilot: %(title)s"),
        body=_("Answer by %(date)s: what is wrong and what must change are on the pilot's page."),
    )
)
# The body is the team's answer (free text).
ANSWERED = register(
    Kind("pilot_correction_answered", title=_("The team answered your correction request: %(title)s"))
)
# The body is the supervisor's assessment (free text).
MOVED = {
    "pause": register(Kind("pilot_pause", title=_("The pilot was paused: %(title)s"))),
    "resume": register(Kind("pilot_resume", title=_("The pilot was resumed: %(title)s"))),
    "stop": register(Kind("pilot_stop", title=_("The pilot was stopped: %(title)s"))),
    "finish": register(Kind("pilot_finish", title=_("The pilot was closed with its outcome: %(title)s"))),
}
