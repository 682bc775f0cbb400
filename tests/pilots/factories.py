"""Pilots for tests (rows only; the services are tested on their own)."""

from pilots.models import Pilot
from pilots.workflow import Status
from tests.factories import phase


def pilot_in(*, unit, by, owner, title="Thí điểm thử nghiệm", status=Status.RUNNING, members=(), **fields):
    pilot = Pilot.objects.create(
        unit=unit,
        phase=phase("2026-2030"),
        title=title,
        goals="Giảm thời gian.",
        owner=owner,
        registered_by=by,
        status=status,
        **fields,
    )
    pilot.members.set(members)
    return pilot
