"""Role × action × state, every cell through HTTP: status code, and nothing changed on denial.

The refusal order is the portal's one order: a role that may never take the action gets 403 first;
a role that may, in a state that does not allow it, is sent back with a message."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Nomination, Status
from tests.awards.factories import NominationFactory, award

ROLES = [
    "anonymous",
    "nominee",
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
STATES = [s.value for s in Status]
ACTIONS = ["submit", "approve", "return", "reject", "confer", "not_confer", "confer_lower"]

# Who may see a nomination proposed by `unit` for a person of `sub` (the nominee sees it once submitted).
SEES_ALWAYS = {"head", "deputy", "city_head", "committee", "superuser"}

# The expected-permissions table, written out (not computed from the code under test).
HIGHER = {
    "submit": ({"draft", "returned"}, {"head"}, "submitted"),
    "approve": ({"submitted"}, {"committee", "superuser"}, "approved"),
    "return": ({"submitted"}, {"committee", "superuser"}, "returned"),
    "reject": ({"submitted"}, {"committee", "superuser"}, "rejected"),
    "confer": ({"approved"}, {"committee", "superuser"}, "conferred"),
    "not_confer": ({"approved"}, {"committee", "superuser"}, "not_conferred"),
    "confer_lower": ({"approved"}, {"committee", "superuser"}, "conferred_lower"),
}
UNIT_LEVEL = {
    "submit": ({"draft", "returned"}, {"head"}, "submitted"),
    "approve": (set(), set(), None),
    "return": ({"submitted"}, {"head"}, "returned"),
    "reject": ({"submitted"}, {"head"}, "rejected"),
    "confer": ({"submitted"}, {"head"}, "conferred"),
    "not_confer": (set(), set(), None),  # the head's own decision has no higher level
    "confer_lower": (set(), set(), None),
}


def person(org, role):
    return {
        "nominee": org.author,
        "colleague": org.colleague,
        "sub_head": org.sub_head,
        "head": org.head,
        "deputy": org.deputy,
        "city_head": org.city_head,
        "other_head": org.other_head,
        "outsider": org.outsider,
        "committee": org.committee,
        "superuser": org.superuser,
    }.get(role)


def sees(role, state):
    return role in SEES_ALWAYS or (role == "nominee" and state != "draft")


def make(org, state, award_code):
    extra = {}
    if state in ("conferred", "not_conferred", "conferred_lower"):
        extra = {"decision_number": "1/QĐ", "decision_date": datetime.date(2026, 1, 5)}
    if state == "conferred_lower":
        extra["conferred_award_type"] = award("unit_certificate")
    return NominationFactory(
        nominee=org.author,
        proposing_unit=org.unit,
        award_type=award(award_code),
        status=state,
        **extra,
    )


POST = {
    "comment": "Ý kiến",
    "decision_number": "77/QĐ-UBND",
    "decision_date": "2026-11-01",
    "decision_authority": "Giám đốc Sở Thử nghiệm",
    "decision_signer": "Nguyễn Văn A",
}


def post_data(award_code):
    return {**POST, "conferred_award_type": award("unit_certificate").pk}


@pytest.mark.parametrize("award_code", ["city_certificate", "unit_certificate"])
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_action_matrix(client, org, award_code, state, action):
    table = HIGHER if award_code == "city_certificate" else UNIT_LEVEL
    sources, allowed_roles, target = table[action]
    for role in ROLES:
        nomination = make(org, state, award_code)
        user = person(org, role)
        client.logout()
        if user:
            client.force_login(user)
        response = client.post(
            reverse("awards:nomination-action", args=[nomination.pk, action]), post_data(award_code)
        )
        after = Nomination.objects.get(pk=nomination.pk).status
        where = f"{role} {action} {award_code}/{state}"
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], where
            expected = None
        elif not sees(role, state):
            assert response.status_code == 404, where
            expected = None
        elif role not in allowed_roles:
            assert response.status_code == 403, where
            expected = None
        elif state not in sources:
            assert response.status_code == 302, where
            assert response["Location"] == reverse("awards:nomination-detail", args=[nomination.pk]), where
            expected = None
        else:
            assert response.status_code == 302, where
            expected = target
        assert after == (expected or state), where
        nomination.events.all().delete()
        Nomination.objects.filter(pk=nomination.pk).delete()


@pytest.mark.parametrize("state", STATES)
def test_detail_and_edit_visibility(client, org, state):
    for role in ROLES[1:]:
        nomination = make(org, state, "city_certificate")
        client.force_login(person(org, role))
        detail = client.get(reverse("awards:nomination-detail", args=[nomination.pk]))
        edit = client.get(reverse("awards:nomination-edit", args=[nomination.pk]))
        where = f"{role} {state}"
        if not sees(role, state):
            assert detail.status_code == 404, where
            assert edit.status_code == 404, where
        else:
            assert detail.status_code == 200, where
            editors = {"head", "deputy", "city_head"}
            if role in editors and state in {"draft", "returned"}:
                assert edit.status_code == 200, where
            elif role in editors:
                assert edit.status_code == 302, where  # "can no longer be edited"
            else:
                assert edit.status_code == 403, where
        nomination.events.all().delete()
        nomination.delete()


def test_get_on_an_action_leads_back_to_the_nomination_and_changes_nothing(client, org):
    nomination = make(org, "draft", "city_certificate")
    client.force_login(org.head)
    response = client.get(reverse("awards:nomination-action", args=[nomination.pk, "submit"]))
    assert response.status_code == 302 and response["Location"] == nomination.get_absolute_url()
    nomination.refresh_from_db()
    assert nomination.status == "draft"


def test_unknown_action_is_404(client, org):
    nomination = make(org, "draft", "city_certificate")
    client.force_login(org.head)
    response = client.post(reverse("awards:nomination-action", args=[nomination.pk, "delete"]))
    assert response.status_code == 404


def test_anonymous_is_sent_to_sign_in_everywhere(client, org):
    nomination = make(org, "submitted", "city_certificate")
    for url in [
        reverse("awards:nomination-list"),
        reverse("awards:nomination-create"),
        reverse("awards:nomination-queue"),
        reverse("awards:nomination-detail", args=[nomination.pk]),
        reverse("awards:nomination-edit", args=[nomination.pk]),
        reverse("awards:export"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize(
    ("role", "create", "queue", "export"),
    [
        ("nominee", 403, 403, 403),
        ("outsider", 403, 403, 403),
        ("sub_head", 200, 200, 403),
        ("head", 200, 200, 403),
        ("deputy", 200, 403, 403),
        ("committee", 403, 200, 200),
        ("superuser", 403, 200, 200),
    ],
)
def test_pages_per_role(client, org, role, create, queue, export):
    client.force_login(person(org, role))
    assert client.get(reverse("awards:nomination-create")).status_code == create
    assert client.get(reverse("awards:nomination-queue")).status_code == queue
    assert client.get(reverse("awards:export")).status_code == export
    assert client.get(reverse("awards:nomination-list")).status_code == 200


def test_list_shows_only_what_the_viewer_may_see(client, org):
    draft = make(org, "draft", "city_certificate")
    other = NominationFactory(nominee=org.outsider, proposing_unit=org.other, status="submitted")
    expectations = {
        "committee": {draft.pk, other.pk},
        "head": {draft.pk},
        "other_head": {other.pk},
        "nominee": set(),  # a draft stays with the unit
        "outsider": {other.pk},
        "colleague": set(),
    }
    for role, expected in expectations.items():
        client.force_login(person(org, role))
        response = client.get(reverse("awards:nomination-list"))
        assert {n.pk for n in response.context["nominations"]} == expected, role
