"""Role × action on a person's record and a collective's record, every cell through HTTP: the status
code, and nothing changed on a refusal."""

import pytest
from django.urls import reverse
from django.utils import timezone

from records.models import AnnualRating, RecordChange
from tests.records.factories import RatingFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "self",
    "colleague",
    "sub_head",
    "head",
    "deputy",
    "city_head",
    "other_head",
    "outsider",
    "committee",
    "superuser",
]
# The expected-permissions table, written out (not computed from the code under test).
PERSON_SEES = {"self", "sub_head", "head", "deputy", "city_head", "committee", "superuser"}
PERSON_EDITS = {"sub_head", "head", "deputy", "city_head", "committee", "superuser"}
UNIT_SEES = {"sub_head", "head", "deputy", "city_head", "committee", "superuser"}
UNIT_EDITS = {"head", "deputy", "city_head", "committee", "superuser"}  # from the unit above
LISTS = {"sub_head", "head", "deputy", "city_head", "other_head", "committee", "superuser"}


def who(org, role):
    return {"self": org.author}.get(role) or getattr(org, role, None)


def login(client, org, role):
    if role != "anonymous":
        client.force_login(who(org, role))


def expect(response, role, sees, edits, *, success=302):
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    elif role in edits:
        assert response.status_code == success, response.status_code
    elif role in sees:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


def year():
    return timezone.localdate().year - 1


@pytest.mark.parametrize("role", ROLES)
def test_reading_a_persons_record(client, org, role):
    RatingFactory(person=org.author, year=year(), source="Thông báo riêng 77/TB")
    login(client, org, role)
    response = client.get(reverse("records:person-detail", args=[org.author.pk]))
    expect(response, role, PERSON_SEES, PERSON_SEES, success=200)
    if response.status_code == 200:
        assert "Thông báo riêng 77/TB" in response.content.decode()
        assert (b'href="/records/entries/rating/' in response.content) is (role in PERSON_EDITS)


@pytest.mark.parametrize("role", ROLES)
def test_entering_changing_and_removing_a_persons_entries(client, org, role):
    entry = RatingFactory(person=org.author, year=year() - 1, rating="httnv")
    login(client, org, role)
    add = client.post(
        reverse("records:person-entry-add", args=[org.author.pk, "rating"]),
        {"year": year(), "rating": "htxsnv", "source": "QĐ 5/QĐ"},
    )
    expect(add, role, PERSON_SEES, PERSON_EDITS)
    assert AnnualRating.objects.filter(person=org.author, year=year()).exists() is (role in PERSON_EDITS)
    edit = client.post(
        reverse("records:entry-edit", args=["rating", entry.pk]),
        {"year": entry.year, "rating": "htnv", "source": "QĐ 6/QĐ"},
    )
    expect(edit, role, PERSON_SEES, PERSON_EDITS)
    entry.refresh_from_db()
    assert (entry.rating == "htnv") is (role in PERSON_EDITS)
    remove = client.post(reverse("records:entry-remove", args=["rating", entry.pk]), {"reason": "Trùng"})
    expect(remove, role, PERSON_SEES, PERSON_EDITS)
    entry.refresh_from_db()
    assert (entry.removed_at is not None) is (role in PERSON_EDITS)
    assert RecordChange.objects.count() == (3 if role in PERSON_EDITS else 0)


@pytest.mark.parametrize("role", ROLES)
def test_a_collectives_record(client, org, role):
    login(client, org, role)
    view = client.get(reverse("records:unit-detail", args=[org.sub.pk]))
    expect(view, role, UNIT_SEES, UNIT_SEES, success=200)
    add = client.post(
        reverse("records:unit-entry-add", args=[org.sub.pk, "title"]),
        {
            "year": year(),
            "title": "ttldxs",
            "decision_number": "9/QĐ",
            "decision_date": f"{year()}-12-20",
            "issuer": "Giám đốc Sở",
            "source": "QĐ 9/QĐ",
        },
    )
    expect(add, role, UNIT_SEES, UNIT_EDITS)
    assert RecordChange.objects.filter(unit=org.sub).exists() is (role in UNIT_EDITS)


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_only_ones_own_people(client, org, role):
    login(client, org, role)
    response = client.get(reverse("records:person-list"))
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        return
    if role not in LISTS:
        assert response.status_code == 302
        assert response["Location"] == reverse("records:person-detail", args=[who(org, role).pk])
        return
    assert response.status_code == 200
    listed = {person.pk for person, _status in response.context["rows"]}
    if role in {"committee", "superuser", "city_head"}:  # the city's head heads every unit below it
        assert {org.author.pk, org.outsider.pk} <= listed
    elif role == "other_head":
        assert org.outsider.pk in listed and org.author.pk not in listed
    else:
        assert org.author.pk in listed and org.outsider.pk not in listed
    units = client.get(reverse("records:unit-list"))
    shown = {unit.pk for unit, _status in units.context["rows"]}
    assert (org.sub.pk in shown) is (role != "other_head")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_committee_imports(client, org, role):
    login(client, org, role)
    response = client.get(reverse("records:import"))
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if role in {"committee", "superuser"} else 403)
    rules = client.get(reverse("records:rule-sets"))
    assert rules.status_code == (302 if role == "anonymous" else 200)
