"""Who reads, edits, approves a practice and who records an adoption, through HTTP
(docs/domain.md, "The library of good practices").

The practice is org.sub's, from an idea by the author and the co-author; its head is sub_head (the
nearest head who is not an author). Published, everyone signed in reads it; before that only its
authors, its head and the committee. Heads and deputies of other units (head and deputy of the unit
above, other_head) record adoptions; sub_head, whose unit it is, never does.
anonymous → sign in; cannot see → 404; sees but may never act → 403; otherwise the action happens."""

import pytest
from django.utils import timezone

from library import services
from library.models import Adoption
from tests.library.factories import practice_in
from tests.pilots.factories import pilot_in

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous", "author", "co_author", "colleague", "sub_head", "head", "deputy", "outsider",
    "other_head", "committee",
]  # fmt: skip
SEES_UNPUBLISHED = {"author", "co_author", "sub_head", "committee"}
EDIT = {"author", "co_author"}
APPROVE = {"author", "co_author", "sub_head"}
ADOPT = {"head", "deputy", "other_head"}


def sign_in(client, org, role):
    if role != "anonymous":
        client.force_login(getattr(org, role))


def expected(role, published, allowed):
    if role == "anonymous":
        return "login"
    if not published and role not in SEES_UNPUBLISHED:
        return "hidden"
    return "ok" if role in allowed else "forbidden"


def outcome(response):
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return {404: "hidden", 403: "forbidden"}.get(response.status_code, "ok")


@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_who_reads_a_practice(client, org, role, published):
    practice = practice_in(org, published=published)
    sign_in(client, org, role)
    response = client.get(f"/library/{practice.pk}/")
    assert outcome(response) == expected(role, published, set(ROLES)), role
    listed = client.get("/library/")
    if role != "anonymous":
        assert (practice.title in listed.content.decode()) is published


@pytest.mark.parametrize("published", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_who_edits_the_summary(client, org, role, published):
    practice = practice_in(org, published=published)
    sign_in(client, org, role)
    response = client.post(
        f"/library/{practice.pk}/summary/", {"title": practice.title, "summary": "Bản tóm tắt mới."}
    )
    result = expected(role, published, EDIT)
    assert outcome(response) == result, role
    practice.refresh_from_db()
    assert (practice.summary == "Bản tóm tắt mới.") is (result == "ok")


@pytest.mark.parametrize("role", ROLES)
def test_who_approves(client, org, role):
    practice = practice_in(org, published=False)
    sign_in(client, org, role)
    response = client.post(f"/library/{practice.pk}/approve/")
    result = expected(role, False, APPROVE)
    assert outcome(response) == result, role
    practice.refresh_from_db()
    approved = {"author": practice.author_approved_at, "head": practice.head_approved_at}
    if result != "ok":
        assert approved == {"author": None, "head": None}
    elif role == "sub_head":
        assert approved["head"] and not approved["author"] and practice.head_approved_by == org.sub_head
    else:
        assert approved["author"] and not approved["head"]
    assert practice.published_at is None


@pytest.mark.parametrize("role", ROLES)
def test_who_records_an_adoption(client, org, role):
    practice = practice_in(org)
    sign_in(client, org, role)
    units = {"head": org.unit, "deputy": org.unit, "other_head": org.other}
    unit = units.get(role, org.sub)
    response = client.post(
        f"/library/{practice.pk}/adopt/",
        {
            "unit": unit.pk,
            "adopted_on": timezone.localdate().isoformat(),
            "results": "Giảm 40% thời gian.",
            "confirm": "on",
        },
    )
    result = expected(role, True, ADOPT)
    assert outcome(response) == result, role
    assert Adoption.objects.filter(practice=practice).exists() is (result == "ok")
    if result == "ok":
        assert response["Location"] == practice.get_absolute_url()
        assert Adoption.objects.get().unit == unit


def test_an_unpublished_practice_is_not_adopted(client, org):
    practice = practice_in(org, published=False)
    client.force_login(org.committee)  # sees it, heads no unit
    assert client.post(f"/library/{practice.pk}/adopt/").status_code == 403
    client.force_login(org.other_head)
    assert client.get(f"/library/{practice.pk}/adopt/").status_code == 404


def test_the_source_unit_never_adopts_even_by_a_head_of_two_units(client, org):
    """sub_head also heads org.other: the form offers org.other only; posting org.sub is refused."""
    org.other.head = org.sub_head
    org.other.save()
    practice = practice_in(org)
    client.force_login(org.sub_head)
    page = client.get(f"/library/{practice.pk}/adopt/").content.decode()
    assert org.other.name in page and f'value="{org.sub.pk}"' not in page
    response = client.post(
        f"/library/{practice.pk}/adopt/",
        {"unit": org.sub.pk, "adopted_on": timezone.localdate().isoformat(), "results": "x", "confirm": "on"},
    )
    assert response.status_code == 200
    assert not Adoption.objects.exists()


def test_the_source_link_is_shown_to_who_may_see_the_source(client, org):
    practice = practice_in(org)
    client.force_login(org.outsider)  # a recognised idea is public
    assert f"/ideas/{practice.idea_id}/" in client.get(practice.get_absolute_url()).content.decode()
    pilot = pilot_in(
        unit=org.sub,
        by=org.sub_head,
        owner=org.author,
        status="closed",
        outcome="effective",
        assessment="Tốt",
    )
    from_pilot = services.practice_write(
        by=org.author, source=pilot, title="Thí điểm hiệu quả", summary="Tốt."
    )
    services.practice_approve(practice=from_pilot, by=org.author)
    services.practice_approve(practice=from_pilot, by=org.sub_head)
    assert f"/pilots/{pilot.pk}/" not in client.get(from_pilot.get_absolute_url()).content.decode()
    client.force_login(org.sub_head)
    assert f"/pilots/{pilot.pk}/" in client.get(from_pilot.get_absolute_url()).content.decode()
