import factory

from awards.models import AwardType, Nomination
from awards.text import nomination_search_text
from tests.factories import phase


def award(code: str) -> AwardType:
    """The award types come from a data migration."""
    return AwardType.objects.get(code=code)


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination
        skip_postgeneration_save = True

    phase = factory.LazyFunction(phase)
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
