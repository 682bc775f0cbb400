import pytest
from django.core.management import call_command
from django.utils import timezone

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
    assert Nomination.objects.filter(phase__code="2023-2025", nominee_unit__code="P-BINHTAN-VP").exists()
    # No award to a unit dissolved in the 2025 reorganisation (Thông tư 15/2025/TT-BNV).
    assert not Nomination.objects.filter(nominee_unit__successor__isnull=False).exists()
    assert Nomination.objects.filter(ideas__status="recognised").exists()


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
