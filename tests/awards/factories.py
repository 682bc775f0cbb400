import datetime

import factory

from awards.models import AwardType, Nomination, Round
from awards.text import nomination_search_text
from tests.factories import phase


def award(code: str) -> AwardType:
    """The award types come from a data migration."""
    return AwardType.objects.get(code=code)


def round_(phase_code: str = "2026-2030") -> Round:
    """A round of the phase open on every date the tests run at, offering every award."""
    found, created = Round.objects.get_or_create(
        code=f"test-{phase_code}",
        defaults={
            "name": f"Đợt thử nghiệm {phase_code}",
            "phase": phase(phase_code),
            "opens_on": datetime.date(2020, 1, 1),
            "submission_due": datetime.date(2035, 12, 31),
        },
    )
    if created:
        found.award_types.set(AwardType.objects.all())
    return found


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination
        skip_postgeneration_save = True

    phase = factory.LazyFunction(phase)
    round = factory.LazyAttribute(lambda o: round_(o.phase.code))
    award_type = factory.LazyFunction(lambda: award("city_certificate"))
    achievements = "Thành tích xuất sắc trong chuyển đổi số"
    created_by = factory.LazyAttribute(lambda o: o.proposing_unit.head)
    search_text = factory.LazyAttribute(
        lambda o: nomination_search_text(
            nominee=o.nominee, nominee_unit=o.nominee_unit, proposing_unit=o.proposing_unit
        )
    )
    nominee = None
    nominee_unit = None

    @factory.post_generation
    def ideas(self, create, extracted, **kwargs):
        if create and extracted:
            self.ideas.add(*extracted)
