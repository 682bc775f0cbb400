"""Councils and meetings for tests, made through the services."""

import datetime

from django.utils import timezone

from awards.models import AwardType
from councils import registry, services
from councils.models import Council, Meeting, MemberRole


def council_of(by, *, chair, secretary=None, members=(), unit=None, **settings) -> Council:
    council = services.council_create(
        by=by, name="Hội đồng thử nghiệm", kind="emulation", unit=unit, **settings
    )
    services.council_add_member(council=council, by=by, person=chair, role=MemberRole.CHAIR)
    if secretary is not None:
        services.council_add_member(council=council, by=by, person=secretary, role=MemberRole.SECRETARY)
    for person in members:
        services.council_add_member(council=council, by=by, person=person, role=MemberRole.MEMBER)
    return council


def meeting_on(council, by, objects, *, attending, open_=True) -> Meeting:
    today = timezone.localdate()
    meeting = services.meeting_create(council=council, by=by, date=today, place="Phòng họp số 1", today=today)
    for obj in objects:
        services.meeting_add_item(meeting=meeting, by=by, key=registry.item_key(obj))
    services.meeting_record_attendance(meeting=meeting, by=by, people=[p.pk for p in attending])
    if open_:
        services.meeting_transition(meeting=meeting, by=by, action="open")
    meeting.refresh_from_db()
    return meeting


def full_scores(council, value=None) -> dict[int, int]:
    return {c.pk: c.max_score if value is None else value for c in council.criteria.all()}


def vote_type(threshold: int) -> AwardType:
    """An emulation title whose council vote needs `threshold` % of the members (data)."""
    code = f"cstd_{threshold}"
    award_type, _created = AwardType.objects.get_or_create(
        code=code,
        defaults={
            "name": f"Chiến sĩ thi đua ({threshold}%)",
            "authority": "Thủ trưởng đơn vị",
            "rank": 5,
            "vote_threshold": threshold,
        },
    )
    return award_type


YESTERDAY = datetime.timedelta(days=1)
