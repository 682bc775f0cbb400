"""/stats/ counts the practices adopted by other units in the phase: the adoptions dated within it
and the practices adopted at least once."""

import datetime

import pytest
from django.utils import timezone

from library import services
from movement.models import Phase
from stats.selectors import phase_statistics
from tests.library.factories import practice_in

pytestmark = pytest.mark.django_db


def test_adoptions_by_other_units_per_phase(client, org):
    today = timezone.localdate()
    phase = Phase.for_date(today)
    first = practice_in(org, title="Cách làm thứ nhất")
    second = practice_in(org, title="Cách làm thứ hai")
    practice_in(org, title="Chưa ai áp dụng")
    for practice, by, unit in [(first, org.other_head, org.other), (first, org.head, org.unit),
                               (second, org.other_head, org.other)]:  # fmt: skip
        services.adoption_record(practice=practice, by=by, unit=unit, adopted_on=today, results="Tốt.")
    earlier = practice_in(org, title="Cách làm cũ")
    before = phase.start - datetime.timedelta(days=1)
    services.adoption_record(
        practice=earlier, by=org.other_head, unit=org.other, adopted_on=before, results="x"
    )
    assert phase_statistics(phase)["adopted"] == {"adoptions": 3, "practices": 2}
    previous = Phase.for_date(before)
    assert phase_statistics(previous)["adopted"] == {"adoptions": 1, "practices": 1}
    client.force_login(org.committee)
    page = client.get(f"/stats/?phase={phase.code}").content.decode()
    assert "cách làm được đơn vị khác áp dụng" in page and "lượt áp dụng tại đơn vị khác" in page
