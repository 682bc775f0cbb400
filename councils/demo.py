"""Demo councils for `manage.py seed_demo`, made through the services: the city's Emulation and
Awards Council (the committee account chairs it) and the initiative council of phường Bình Tân.
The city council's closed meeting needs ideas and nominations, so awards/demo.py holds it last
with `hold_meeting`. Idempotent: a council that exists (by name) is kept as it is."""

import datetime

from django.utils import timezone

from accounts.models import Unit, User

from . import registry, services
from .models import Council, CouncilKind, Meeting, MemberRole
from .workflow import Status

CITY_COUNCIL = "Hội đồng Thi đua – Khen thưởng Thành phố"
BINHTAN_COUNCIL = "Hội đồng sáng kiến phường Bình Tân"
# council, kind, unit code (None: the city), who sets it up, members (username, role)
COUNCILS = [
    (
        CITY_COUNCIL,
        CouncilKind.EMULATION,
        None,
        "committee",
        [
            ("committee", MemberRole.CHAIR),
            ("staff.noivu", MemberRole.SECRETARY),
            ("head.noivu", MemberRole.MEMBER),
            ("head.binhtan", MemberRole.MEMBER),
        ],
    ),
    (
        BINHTAN_COUNCIL,
        CouncilKind.INITIATIVE,
        "P-BINHTAN",
        "head.binhtan",
        [
            ("head.binhtan", MemberRole.CHAIR),
            ("staff2.binhtan", MemberRole.SECRETARY),
            ("staff.binhtan", MemberRole.MEMBER),
        ],
    ),
]


def seed(*, today, log):
    from django.contrib.auth.models import Group, Permission

    from accounts.models import COMMITTEE_GROUP

    # The committee edits councils' criteria, weights, thresholds and quorum in the admin.
    Group.objects.get(name=COMMITTEE_GROUP).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="councils", content_type__model__in=["council", "criterion", "membership"]
        )
    )
    for name, kind, unit_code, creator, members in COUNCILS:
        if Council.objects.filter(name=name).exists():
            continue
        by = User.objects.get(username=creator)
        unit = Unit.objects.get(code=unit_code) if unit_code else None
        council = services.council_create(by=by, name=name, kind=kind, unit=unit)
        for username, role in members:
            services.council_add_member(
                council=council, by=by, person=User.objects.get(username=username), role=role
            )
    log(f"councils: {Council.objects.count()}")


def hold_meeting(*, council_name: str, objects, day: datetime.date, place: str, log) -> Meeting | None:
    """A closed meeting of the council on the objects: everyone attends, each member who may scores
    every criterion at its highest but one and agrees (the last member disagrees)."""
    council = Council.objects.filter(name=council_name).first()
    if council is None or council.meetings.filter(status=Status.CLOSED).exists() or not objects:
        return None
    chair = council.memberships.get(role=MemberRole.CHAIR).person
    meeting = services.meeting_create(council=council, by=chair, date=day, place=place, today=day)
    for obj in objects:
        services.meeting_add_item(meeting=meeting, by=chair, key=registry.item_key(obj))
    members = [m.person for m in council.memberships.select_related("person").order_by("pk")]
    services.meeting_record_attendance(meeting=meeting, by=chair, people=[p.pk for p in members])
    meeting = services.meeting_transition(meeting=meeting, by=chair, action="open")
    criteria = list(council.criteria.all())
    for index, person in enumerate(members):
        for item in meeting.items.all():
            if services.ballot_refusal(person, item, attended=True):
                continue
            scores = {c.pk: c.max_score - 1 - index % 2 for c in criteria}
            agree = index < len(members) - 1
            services.meeting_ballot(item=item, by=person, scores=scores, agree=agree)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 0)))
    services.meeting_transition(meeting=meeting, by=chair, action="close", now=moment)
    log(f"council meeting of {day:%d/%m/%Y}: {meeting.items.filter(passed=True).count()} item(s) passed")
    return meeting
