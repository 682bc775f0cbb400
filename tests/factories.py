"""Factories for every app's tests; apps add theirs here."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import COMMITTEE_GROUP, Unit, User
from ideas.models import Idea, Scope, Topic
from movement.models import Deadline, Phase
from notifications.kinds import Kind
from notifications.kinds import register as register_kind


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Đơn vị số {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    unit = factory.SubFactory(UnitFactory)
    position = "Chuyên viên"
    gender = User.Gender.MALE
    birth_year = 1985
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def committee(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=COMMITTEE_GROUP)[0])


def phase(code: str = "2026-2030") -> Phase:
    """The phases come from a data migration; tests use them as they are."""
    return Phase.objects.get(code=code)


class DeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deadline

    phase = factory.LazyFunction(phase)
    kind = Deadline.Kind.IDEA_SUBMISSION
    due_date = factory.Faker("future_date")


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Ý tưởng số {n}")
    summary = "Tóm tắt ý tưởng"
    problem = "Thủ tục còn rườm rà"
    solution = "Số hoá hồ sơ"
    expected_benefit = "Giảm thời gian xử lý"
    topic = Topic.DIGITAL
    scope = Scope.UNIT
    author = factory.SubFactory(UserFactory)
    unit = factory.LazyAttribute(lambda o: o.author.unit)

    @factory.post_generation
    def co_authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.co_authors.add(*extracted)


class DailyRunFactory(factory.django.DjangoModelFactory):
    """A finished daily reminder run; pass `finished_at` to age it."""

    class Meta:
        model = "notifications.DailyRun"

    finished_at = factory.LazyFunction(timezone.now)
    started_at = factory.LazyAttribute(lambda o: o.finished_at - datetime.timedelta(seconds=5))
    day = factory.LazyAttribute(lambda o: timezone.localdate(o.finished_at))


# A notification kind for the tests of the outbox itself: its title is the text it is given.
MESSAGE = register_kind(Kind("test.message", title="%(text)s"))
