"""Record entries for tests, and record snapshots built without the database."""

import datetime

import factory

from records.facts import AwardFact, InitiativeFact, RestrictionFact, Snapshot, TitleFact
from records.models import AnnualRating, EmulationTitle, ExternalAward, ExternalInitiative, Restriction
from tests.factories import UserFactory


class EntryFactory(factory.django.DjangoModelFactory):
    person = factory.SubFactory(UserFactory)
    unit = None
    source = "Hồ sơ cán bộ"
    entered_by = factory.SubFactory(UserFactory)


class RatingFactory(EntryFactory):
    class Meta:
        model = AnnualRating

    year = 2024
    rating = "httnv"


class TitleFactory(EntryFactory):
    class Meta:
        model = EmulationTitle

    year = 2024
    title = "cstdcs"
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    decision_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 20))


class AwardFactory(EntryFactory):
    class Meta:
        model = ExternalAward

    form = "ministry_certificate"
    category = "merit"
    issuer = "Bộ trưởng Bộ Nội vụ"
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-BNV")
    decision_date = datetime.date(2019, 11, 20)


class InitiativeFactory(EntryFactory):
    class Meta:
        model = ExternalInitiative

    title = factory.Sequence(lambda n: f"Sáng kiến số {n}")
    level = "grassroots"
    authority = "Hội đồng sáng kiến"
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ")
    decision_date = datetime.date(2024, 10, 1)


class RestrictionFactory(EntryFactory):
    class Meta:
        model = Restriction

    kind = "complaint"
    start = datetime.date(2025, 1, 10)
    end = None


def snapshot(subject="individual", **parts) -> Snapshot:
    return Snapshot(
        subject=subject,
        ratings=parts.get("ratings", {}),
        titles=tuple(parts.get("titles", ())),
        awards=tuple(parts.get("awards", ())),
        initiatives=tuple(parts.get("initiatives", ())),
        restrictions=tuple(parts.get("restrictions", ())),
    )


def title(year, code="cstdcs") -> TitleFact:
    return TitleFact(
        year=year, title=code, decision_number=f"{year}/QĐ", decision_date=datetime.date(year, 12, 20)
    )


def award(form="ministry_certificate", category="merit", year=2019, number="1520/QĐ-BNV") -> AwardFact:
    return AwardFact(
        form=form, category=category, decision_date=datetime.date(year, 11, 20), decision_number=number
    )


def initiative(year, level="grassroots", used_for="") -> InitiativeFact:
    return InitiativeFact(
        title=f"Sáng kiến {year} {level}",
        level=level,
        decision_date=datetime.date(year, 10, 1),
        used_for=used_for,
    )


def restriction(kind, start, end=None) -> RestrictionFact:
    return RestrictionFact(kind=kind, start=start, end=end, detail="Chi tiết")
