import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from awards.models import Nomination, Status
from tests.conftest import force_login_verified


@pytest.mark.django_db
def test_seed_demo_creates_nominations_in_every_status_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = Nomination.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Nomination.objects.count() == first
    assert set(Nomination.objects.values_list("status", flat=True)) == set(Status.values)
    assert not Nomination.objects.filter(nominee__username="staff.binhtan").exists()
    for conferred in Nomination.objects.filter(status=Status.CONFERRED):
        assert conferred.decision_number and conferred.decision_authority and conferred.decision_signer
        assert conferred.decision_authority != "Thủ trưởng đơn vị"
        assert conferred.decision_date <= timezone.localdate()
        assert conferred.decision_date >= timezone.localtime(conferred.submitted_at).date()
    assert Nomination.objects.filter(
        round__code="so-ket-2023-2025", nominee_unit__code="P-BINHTAN-VP"
    ).exists()
    # No award to a unit dissolved in the 2025 reorganisation (Thông tư 15/2025/TT-BNV).
    assert not Nomination.objects.filter(nominee_unit__successor__isnull=False).exists()
    assert Nomination.objects.filter(ideas__status="recognised").exists()


@pytest.mark.django_db
def test_demo_awards_are_legally_right_and_replayed_at_their_dates(settings, client):
    """No nomination of a unit dissolved by the reorganisation, nor of a person of one; the mid-term
    round of 2023-2025 is decided in 2026 with its own dates; every demo person has a record; the
    two Prime Minister's certificate nominees meet and miss Decree 152/2025, and the page says why."""
    from accounts.models import Unit, User
    from records.models import AnnualRating, EmulationTitle

    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    dissolved = Unit.objects.filter(valid_until__isnull=False)
    assert dissolved.exists()
    assert not Nomination.objects.filter(nominee_unit__in=dissolved).exists()
    assert not Nomination.objects.filter(nominee__unit__in=dissolved).exists()
    assert not Nomination.objects.filter(proposing_unit__in=dissolved).exists()

    mid_term = Nomination.objects.filter(round__code="so-ket-2023-2025")
    assert set(mid_term.values_list("status", flat=True)) == {
        Status.NOT_CONFERRED,
        Status.CONFERRED_LOWER,
        Status.CONFERRED,
    }
    for nomination in mid_term:
        assert nomination.phase.code == "2023-2025"
        assert nomination.decision_date.year == 2026  # decided after its phase
        # The history carries its own dates, events included (made through the services' clock).
        assert nomination.events.get(action="submit").created_at == nomination.submitted_at

    demo_people = [
        "committee",
        "head.binhtan",
        "staff.binhtan",
        "staff2.binhtan",
        "head.noivu",
        "head.tandinh",
        "staff.noivu",
    ]
    for person in User.objects.filter(username__in=demo_people):
        assert AnnualRating.objects.filter(person=person).exists(), person
        assert EmulationTitle.objects.filter(person=person).exists(), person

    meets = Nomination.objects.get(award_type__code="pm_certificate", nominee__username="staff.noivu")
    misses = Nomination.objects.get(award_type__code="pm_certificate", nominee__username="staff2.binhtan")
    assert meets.category == misses.category == "merit"
    force_login_verified(client, User.objects.get(username="committee"))
    met = client.get(meets.get_absolute_url())
    assert met.context["evidence"].assessment.evaluation.outcome == "met"
    force_login_verified(client, User.objects.get(username="head.binhtan"))
    missed = client.get(misses.get_absolute_url())
    evaluation = missed.context["evidence"].assessment.evaluation
    assert evaluation.outcome == "not_met"
    assert {r.code for r in evaluation.blocks} >= {"pm_certificate-merit-individual-streak"}
    page = missed.content.decode()
    assert 'data-testid="rule-results"' in page
    for result in evaluation.blocks:  # each failure shown beside its article
        assert escape(result.article) in page


@pytest.mark.django_db
def test_committee_may_edit_award_types_in_the_admin(settings, client):
    from accounts.models import User
    from awards.models import AwardType

    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    committee = User.objects.get(username="committee")
    assert committee.has_perm("awards.change_awardtype")
    force_login_verified(client, committee)  # the admin requires two-step verification
    award = AwardType.objects.get(code="city_certificate")
    assert client.get(f"/admin/awards/awardtype/{award.pk}/change/").status_code == 200
    nomination = Nomination.objects.first()
    assert client.get(f"/admin/awards/nomination/{nomination.pk}/change/").status_code == 200  # view only
    response = client.post(f"/admin/awards/nomination/{nomination.pk}/change/", {"status": "draft"})
    assert response.status_code == 403
    assert client.get("/admin/awards/nomination/add/").status_code == 403
