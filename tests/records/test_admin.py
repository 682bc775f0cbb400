"""The committee edits the movement's own rule set in the admin; the law's sets are read-only there."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from records.models import Rule, RuleSet
from tests.conftest import force_login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(org):
    org.committee.is_staff = True
    org.committee.save()
    org.committee.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="records", content_type__model__in=["ruleset", "rule"]
        )
    )
    return org.committee


def test_the_movement_set_is_editable_and_the_laws_sets_are_not(client, committee):
    force_login_verified(client, committee)
    movement = RuleSet.objects.get(is_movement=True)
    law = RuleSet.objects.get(code="luat-2022-nd-152-2025")
    page = client.get(f"/admin/records/ruleset/{movement.pk}/change/")
    assert page.status_code == 200 and b'name="rules-0-params"' in page.content
    read_only = client.get(f"/admin/records/ruleset/{law.pk}/change/")
    assert read_only.status_code == 200 and b'name="rules-0-params"' not in read_only.content
    assert client.post(f"/admin/records/ruleset/{law.pk}/change/", {"name": "Khác"}).status_code == 403
    law.refresh_from_db()
    assert law.name.startswith("Luật Thi đua")
    assert client.get("/admin/records/ruleset/add/").status_code == 403


def test_a_rule_names_a_known_check_with_fitting_parameters():
    rule_set = RuleSet.objects.get(is_movement=True)
    base = {"rule_set": rule_set, "code": "x", "award_code": "city_certificate", "category": "thematic"}
    with pytest.raises(ValidationError) as error:
        Rule(
            **base, subject="individual", predicate="holds_award", params={"min_level": "galaxy"}, article="A"
        ).full_clean()
    assert "params" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        Rule(**base, subject="individual", predicate="guess", params={}, article="A").full_clean()
    assert "predicate" in error.value.message_dict
    Rule(**base, subject="individual", predicate="no_open_hold", params={}, article="A").full_clean()
