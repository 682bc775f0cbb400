"""The law's blocks are enforced by the services; warnings are shown beside their articles."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import UnitKind
from awards import services
from awards.checks import ARTICLE_AUTHORITY, ARTICLE_DISSOLVED, ARTICLE_ONE_ACHIEVEMENT, ARTICLE_WOMEN
from awards.models import AwardType, Nomination, Round, Status
from records.models import AwardCategory
from tests.awards.factories import NominationFactory, award, round_
from tests.factories import UnitFactory, UserFactory, phase
from tests.records.factories import AwardFactory, RatingFactory, RestrictionFactory, TitleFactory

TODAY = datetime.date(2026, 11, 20)


def create(org, *, by=None, award_code="city_certificate", **fields):
    fields.setdefault("nominee", None if "nominee_unit" in fields else org.author)
    fields.setdefault("round", round_())
    return services.nomination_create(
        by=by or org.head,
        award_type=award(award_code),
        achievements="Thành tích xuất sắc",
        today=TODAY,
        **fields,
    )


def submit(nomination, by):
    return services.nomination_transition(nomination_id=nomination.pk, by=by, action="submit", today=TODAY)


def codes(error):
    return {e.code for e in error.value.error_list}


# Authority (Luật Art 75.1, 80.1) ----------------------------------------------------------------


def test_a_head_of_a_unit_without_legal_personality_cannot_propose_a_giay_khen(org):
    assert org.sub.kind == UnitKind.DIVISION and not org.sub.legal_personality
    with pytest.raises(ValidationError) as error:
        create(org, by=org.sub_head, award_code="unit_certificate", nominee=org.colleague)
    assert codes(error) == {"authority"}
    assert ARTICLE_AUTHORITY in str(error.value)
    # The department above has legal personality: its head proposes and confers it.
    assert create(org, award_code="unit_certificate", nominee=org.colleague).proposing_unit == org.unit


def test_a_ward_chairman_confers_a_giay_khen_but_never_on_the_ward_itself(org):
    assert not org.other.legal_personality and org.other.kind == UnitKind.COMMUNE
    assert create(org, by=org.other_head, award_code="unit_certificate", nominee=org.outsider)
    with pytest.raises(ValidationError) as error:
        create(org, by=org.other_head, award_code="unit_certificate", nominee_unit=org.other)
    assert codes(error) == {"own_unit"}


def test_a_giay_khen_on_the_heads_own_unit_is_refused_through_http(client, org):
    client.force_login(org.head)
    data = {
        "round": round_().pk,
        "award_type": award("unit_certificate").pk,
        "nominee": "",
        "unit": org.unit.pk,
        "achievements": "Đơn vị dẫn đầu phong trào",
    }
    response = client.post(reverse("awards:nomination-create"), data)
    assert response.status_code == 200
    assert "Điều 80 khoản 1" in response.content.decode()
    assert not Nomination.objects.exists()
    # A sub-unit's Giấy khen is the department head's to confer.
    response = client.post(reverse("awards:nomination-create"), data | {"unit": org.sub.pk})
    assert response.status_code == 302


# Reorganisation (Thông tư 15/2025/TT-BNV) -------------------------------------------------------


def test_a_dissolved_unit_cannot_be_nominated(org):
    successor = UnitFactory(parent=org.unit, kind=UnitKind.DIVISION)
    dissolved = UnitFactory(parent=org.unit, valid_until=datetime.date(2025, 6, 30), successor=successor)
    with pytest.raises(ValidationError) as error:
        create(org, nominee_unit=dissolved)
    assert codes(error) == {"dissolved"}
    assert ARTICLE_DISSOLVED in str(error.value)
    ended = UnitFactory(parent=org.unit, valid_until=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        create(org, nominee_unit=ended)


def test_a_unit_dissolved_after_the_draft_blocks_its_submission(org):
    unit = UnitFactory(parent=org.unit)
    nomination = create(org, nominee_unit=unit)
    unit.valid_until = TODAY - datetime.timedelta(days=1)
    unit.save()
    with pytest.raises(services.NominationBlocked) as error:
        submit(nomination, org.head)
    assert [f.code for f in error.value.findings] == ["dissolved"]
    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT


def test_people_of_a_dissolved_unit_are_proposed_by_the_unit_that_received_them(org):
    receiving = UnitFactory(parent=org.unit, kind=UnitKind.DIVISION)
    dissolved = UnitFactory(parent=org.unit, valid_until=datetime.date(2025, 6, 30), successor=receiving)
    person = UserFactory(unit=dissolved)
    with pytest.raises(ValidationError) as error:
        create(org, nominee=person)
    assert codes(error) == {"dissolved_home"}
    person.unit = receiving
    person.save()
    assert create(org, nominee=person).proposing_unit == org.unit


# One achievement, one award (Luật Art 5.2.c) ------------------------------------------------------


def test_an_idea_backing_an_open_nomination_cannot_back_another(org, recognised_idea):
    create(org, ideas=[recognised_idea])  # a draft: still open
    with pytest.raises(ValidationError) as error:
        create(org, award_code="pm_certificate", ideas=[recognised_idea])
    assert codes(error) == {"idea_used"}
    assert ARTICLE_ONE_ACHIEVEMENT in str(error.value)
    # A co-author's own nomination may rest on the same collective idea.
    assert create(org, nominee=org.colleague, ideas=[recognised_idea])


def test_an_idea_of_a_conferred_award_cannot_back_a_new_one(org, recognised_idea):
    NominationFactory(
        nominee=org.author,
        proposing_unit=org.unit,
        award_type=award("unit_certificate"),
        status=Status.CONFERRED,
        decision_number="3/GK",
        decision_date=datetime.date(2026, 4, 1),
        ideas=[recognised_idea],
    )
    with pytest.raises(ValidationError) as error:
        create(org, ideas=[recognised_idea])
    assert codes(error) == {"idea_used"}


# The record's rules (records.eligibility) ---------------------------------------------------------


def test_an_open_complaint_blocks_the_submission_with_its_article(org):
    nomination = create(org)
    RestrictionFactory(person=org.author, kind="complaint", start=datetime.date(2026, 9, 1))
    with pytest.raises(services.NominationBlocked) as error:
        submit(nomination, org.head)
    assert any("Điều 4 khoản 4" in f.article for f in error.value.findings)
    assert "Điều 4 khoản 4" in str(error.value)


def test_a_thematic_award_cited_as_the_basis_of_a_merit_award_blocks(org):
    thematic = AwardFactory(
        person=org.author,
        form="city_certificate",
        category="thematic",
        decision_date=datetime.date(2020, 5, 1),
    )
    nomination = create(org, award_code="pm_certificate", category=AwardCategory.MERIT, basis=[thematic])
    with pytest.raises(services.NominationBlocked) as error:
        submit(nomination, org.head)
    assert any(f.article.endswith("Điều 4 khoản 3") for f in error.value.findings)


def test_someone_elses_award_cannot_be_cited(org):
    theirs = AwardFactory(person=org.colleague)
    with pytest.raises(ValidationError) as error:
        create(org, award_code="pm_certificate", category=AwardCategory.MERIT, basis=[theirs])
    assert codes(error) == {"basis_foreign"}


def record(person, *, ratings, cstdcs=(2022, 2023, 2024)):
    for year, rating in ratings.items():
        RatingFactory(person=person, year=year, rating=rating)
    for year in cstdcs:
        TitleFactory(person=person, year=year, title="cstdcs")
    AwardFactory(
        person=person, form="ministry_certificate", category="merit", decision_date=datetime.date(2019, 5, 1)
    )


def test_a_merit_route_that_is_not_met_blocks_and_one_that_is_met_passes(org):
    good = {year: "httnv" for year in range(2021, 2026)} | {2026: "htxsnv"}
    record(org.author, ratings=good)
    met = create(org, award_code="pm_certificate", category=AwardCategory.MERIT)
    assert submit(met, org.head).status == Status.SUBMITTED

    record(org.colleague, ratings=good | {2025: "htnv"})
    not_met = create(org, nominee=org.colleague, award_code="pm_certificate", category=AwardCategory.MERIT)
    with pytest.raises(services.NominationBlocked) as error:
        submit(not_met, org.head)
    assert any("Điều 73 khoản 1 điểm b" in f.article for f in error.value.findings)


def test_not_enough_data_only_warns(org):
    nomination = create(org, award_code="pm_certificate", category=AwardCategory.MERIT)
    from awards.checks import assess

    assessment = assess(nomination, today=TODAY)
    assert assessment.blocks == []
    assert assessment.evaluation.outcome == "not_enough_data"
    assert submit(nomination, org.head).status == Status.SUBMITTED


# Warnings ---------------------------------------------------------------------------------------


def test_warnings_for_a_missing_recognised_idea_women_first_and_the_deadline(org):
    from awards.checks import assess

    org.author.gender = "female"
    org.author.save()
    closing = Round.objects.create(
        code="test-closing",
        name="Đợt sắp hết hạn",
        phase=phase(),
        opens_on=datetime.date(2020, 1, 1),
        submission_due=TODAY + datetime.timedelta(days=2),
    )
    closing.award_types.set(AwardType.objects.all())
    nomination = create(org, round=closing)
    warnings = {f.code: f for f in assess(nomination, today=TODAY).warnings}
    assert set(warnings) == {"no_recognised_idea", "women_first", "deadline"}
    assert warnings["women_first"].article == ARTICLE_WOMEN
    assert "2" in warnings["deadline"].text
    assert submit(nomination, org.head).status == Status.SUBMITTED  # warnings never refuse


def test_the_page_shows_each_block_and_warning_beside_its_article(client, org, recognised_idea):
    nomination = NominationFactory(nominee=org.author, proposing_unit=org.unit, ideas=[recognised_idea])
    NominationFactory(
        nominee=org.author,
        proposing_unit=org.unit,
        award_type=award("pm_certificate"),
        ideas=[recognised_idea],
    )
    RestrictionFactory(person=org.author, kind="investigation", start=datetime.date(2026, 1, 5))
    client.force_login(org.committee)
    response = client.get(reverse("awards:nomination-detail", args=[nomination.pk]))
    html = response.content.decode()
    evidence = response.context["evidence"]
    assert evidence.ideas == [recognised_idea]
    assert [f.code for f in evidence.assessment.findings if f.effect == "block"] == ["idea_used"]
    assert ARTICLE_ONE_ACHIEVEMENT in html
    assert 'data-code="idea_used"' in html
    assert "Điều 4 khoản 4" in html  # the record's hold rule, beside its article
    assert "123/QĐ-UBND" in html
