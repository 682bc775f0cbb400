import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from records.eligibility import evaluate
from records.models import AnnualRating, RecordChange

pytestmark = pytest.mark.django_db


def test_the_demo_has_one_person_who_meets_the_prime_ministers_certificate_rule_and_one_who_does_not(
    settings,
):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    count = AnnualRating.objects.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert AnnualRating.objects.count() == count
    assert not RecordChange.objects.filter(action="updated").exists()
    today = timezone.localdate()
    for username in (
        "head.binhtan",
        "staff.binhtan",
        "staff2.binhtan",
        "head.noivu",
        "head.tandinh",
        "staff.noivu",
        "committee",
    ):
        assert AnnualRating.objects.filter(person__username=username).exists(), username
    # Nobody entered their own record.
    assert not AnnualRating.objects.filter(entered_by=F("person")).exists()
    meets = evaluate(User.objects.get(username="staff.noivu"), "pm_certificate", "merit", today)
    assert meets.outcome == "met", [(r.code, r.explanation) for r in meets if r.status != "met"]
    misses = evaluate(User.objects.get(username="staff2.binhtan"), "pm_certificate", "merit", today)
    assert misses.outcome == "not_met"
    assert {r.code.rsplit("-", 1)[-1] for r in misses.blocks} == {"award", "streak", "cstdcs"}
