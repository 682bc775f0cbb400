"""The one route sweep, built from the URL resolver: every route of the project must have a decision
below, and each is walked with another unit's objects, as anonymous and as ordinary staff, by GET
and by POST: never 500, never another's content, never a change. A new route without a decision
fails here (shown on a planted URLconf)."""

from types import SimpleNamespace

import pytest
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, path, resolve, reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone, translation
from django.utils.html import escape

from awards.models import NominationAttachment, PublicPosting
from awards.workflow import ACTIONS as NOMINATION_ACTIONS
from councils.workflow import TRANSITIONS as MEETING_TRANSITIONS
from ideas.models import IdeaAttachment
from ideas.workflow import TRANSITIONS as IDEA_TRANSITIONS
from library.models import Adoption
from library.services import practice_write
from notifications.services import notify
from pilots.workflow import TRANSITIONS as PILOT_TRANSITIONS
from proposals.workflow import INNOVATION_STEPS
from proposals.workflow import TRANSITIONS as PROPOSAL_TRANSITIONS
from tests.awards.factories import NominationFactory
from tests.councils.factories import council_of, meeting_on
from tests.factories import MESSAGE, UserFactory
from tests.ideas.factories import idea_in
from tests.library.factories import practice_in
from tests.pilots.factories import pilot_in
from tests.proposals.factories import proposal_in
from tests.records.factories import RatingFactory
from thiduaportal.actions import OPENED_BY_GET

# Anyone, signed in or not (the second sign-in step without a password first sends back to sign in).
PUBLIC = {
    "login", "login-code", "healthz", "healthz-ready",
    "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete",
}  # fmt: skip
SIGNED_IN = {  # everyone signed in, each seeing their own data only (or the rules, the same for all)
    "dashboard", "logout", "account", "password_change", "password_change_done",
    "notifications:list", "notifications:read-all",
    "ideas:idea-list", "ideas:idea-new", "ideas:idea-similar", "awards:nomination-list", "awards:round-list",
    "records:person-list", "records:rule-sets", "councils:council-list",
    "proposals:proposal-list", "proposals:opinion-queue", "pilots:pilot-list", "library:practice-list",
}  # fmt: skip
ROLE = {  # 403 for ordinary staff
    "ideas:review-queue", "awards:nomination-create", "awards:nomination-queue", "awards:export",
    "awards:dossier-cover-request", "awards:dossier-list",
    "records:unit-list", "records:import", "stats:statistics",
    "proposals:proposal-new", "pilots:pilot-new", "councils:council-new",
    # two-step verification: the committee and administrators only
    "two-step", "two-step-start", "two-step-setup", "two-step-codes", "two-step-codes-renew",
    "two-step-disable",
}  # fmt: skip
OBJECT = {  # another person's or unit's object: 403 or 404
    "notifications:open",
    "ideas:idea-detail", "ideas:idea-edit", "ideas:idea-progress", "ideas:idea-action",
    "ideas:attachment-add", "ideas:attachment-download", "ideas:attachment-remove", "ideas:idea-comment",
    "ideas:idea-relate",
    "ideas:invitation-answer",
    "awards:nomination-detail", "awards:nomination-edit", "awards:nomination-action",
    "awards:nomination-cover-request", "awards:nomination-list-docx", "awards:nomination-achievement-report",
    "awards:nomination-attachment-add", "awards:nomination-attachment-download",
    "awards:nomination-attachment-remove", "awards:nomination-posting",
    "records:person-detail", "records:unit-detail", "records:person-entry-add", "records:unit-entry-add",
    "records:entry-edit", "records:entry-remove",
    "proposals:proposal-detail", "proposals:proposal-edit", "proposals:proposal-action",
    "proposals:proposal-comment", "proposals:innovation-register", "proposals:innovation-step",
    "pilots:pilot-detail", "pilots:pilot-action", "pilots:milestone-add", "pilots:milestone-reach",
    "pilots:indicator-add", "pilots:indicator-measure", "pilots:check-in", "pilots:correction-add",
    "pilots:correction-answer",
    "councils:council-detail", "councils:council-member-add", "councils:meeting-new",
    "councils:meeting-detail", "councils:meeting-item-add", "councils:meeting-attendance",
    "councils:meeting-ballot", "councils:meeting-minutes", "councils:meeting-action",
    "library:practice-detail", "library:practice-edit", "library:practice-approve", "library:practice-adopt",
    "library:idea-summary", "library:pilot-summary",
}  # fmt: skip
# Routes whose pk is another app's object (the source of a practice).
OBJECT_OF_APP = {"library:idea-summary": "ideas", "library:pilot-summary": "pilots"}
THIRD_PARTY = {"admin", "set_language"}  # Django's own, with their own access rules
ACTIONS = {
    "ideas": list(IDEA_TRANSITIONS),
    "awards": list(NOMINATION_ACTIONS),
    "proposals": list(PROPOSAL_TRANSITIONS),
    "pilots": list(PILOT_TRANSITIONS),
    "proposals:innovation-step": list(INNOVATION_STEPS),  # a route's own actions, before its app's
    "councils": list(MEETING_TRANSITIONS),
}
ARGUMENTS = {"password_reset_confirm": {"uidb64": "MQ", "token": "set-password"}}


def routes(resolver=None, namespace=""):
    """(name, the names of its URL arguments) of every named route, namespaces included."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", set(entry.pattern.regex.groupindex)


def undecided(resolver=None) -> list[str]:
    decided = PUBLIC | SIGNED_IN | ROLE | OBJECT
    return sorted(
        name
        for name, _args in routes(resolver)
        if name not in decided and name.split(":")[0] not in THIRD_PARTY
    )


def test_every_route_has_a_decision():
    assert undecided() == [], "decide these routes in tests/test_route_sweep.py"


def test_a_route_without_a_decision_fails_the_sweep():
    planted = SimpleNamespace(urlpatterns=[path("secret/", lambda request: HttpResponse("x"), name="secret")])
    assert undecided(URLResolver(RegexPattern(r"^/"), planted)) == ["secret"]


@pytest.fixture
def foreign(org):
    """Objects of another unit (org.other), none of which org.author may see or touch."""
    idea = idea_in("draft", author=org.outsider, title="Bản nháp của phường khác")
    attachment = IdeaAttachment.objects.create(
        idea=idea, file="ideas/x", original_name="x.pdf", content_type="application/pdf", size=1,
        uploaded_by=org.outsider,
    )  # fmt: skip
    nomination = NominationFactory(nominee=org.outsider, proposing_unit=org.other, status="submitted")
    nomination_file = NominationAttachment.objects.create(
        nomination=nomination, kind="council_minutes", file="nominations/x", original_name="y.pdf",
        content_type="application/pdf", size=1, uploaded_by=org.other_head,
    )  # fmt: skip
    [note] = notify(
        recipients=[org.outsider], kind=MESSAGE, params={"text": "Thông báo riêng của người khác"}
    )
    rating = RatingFactory(person=org.outsider, year=2024, rating="httnv", source="Bí mật riêng 42")
    proposal = proposal_in(
        "submitted", unit=org.other, by=org.other_head, title="Đề xuất riêng của phường khác"
    )
    pilot = pilot_in(
        unit=org.other, by=org.other_head, owner=org.outsider, title="Thí điểm riêng của phường khác"
    )
    council = council_of(org.other_head, chair=org.outsider, unit=org.other)
    meeting = meeting_on(council, org.other_head, [nomination], attending=[org.outsider], open_=False)
    # A public idea (recognised) of a colleague of the outsider, whose name the lists may show.
    writer = UserFactory(unit=org.other)
    recognised = idea_in("recognised", author=writer, title="Ý tưởng được công nhận của phường khác")
    recognised.recognitions.create(
        act="initiative", authority="Hội đồng", decision_number="1/QĐ", decision_date=timezone.localdate(),
        recorded_by=org.other_head,
    )  # fmt: skip
    practice = practice_write(
        by=writer, source=recognised, title="Cách làm chưa công bố của phường khác", summary="Riêng."
    )
    return SimpleNamespace(
        ideas=idea, attachment=attachment, awards=nomination, notifications=note, rating=rating,
        proposals=proposal, pilots=pilot, nomination_file=nomination_file, library=practice,
        councils=council, meeting=meeting,
        person=org.outsider, unit=org.other,
        texts=[idea.title, note.title, org.outsider.full_name, rating.source, proposal.title, pilot.title,
               practice.title],
    )  # fmt: skip


def object_of(name, foreign):
    """The foreign object whose pk a route takes."""
    if name.startswith("councils:meeting-") and name != "councils:meeting-new":
        return foreign.meeting
    if name in OBJECT_OF_APP:
        return getattr(foreign, OBJECT_OF_APP[name])
    if not name.startswith("records:"):
        return getattr(foreign, name.split(":")[0])
    if name in ("records:entry-edit", "records:entry-remove"):
        return foreign.rating
    return foreign.unit if name.startswith("records:unit") else foreign.person


def urls_of(name, args, foreign):
    kwargs = dict(ARGUMENTS.get(name, {}))
    if "pk" in args:
        kwargs["pk"] = object_of(name, foreign).pk
    if "attachment_pk" in args:
        owner = foreign.nomination_file if name.startswith("awards:") else foreign.attachment
        kwargs["attachment_pk"] = owner.pk
    if "kind" in args:
        kwargs["kind"] = "rating"
    if "answer" in args:
        kwargs["answer"] = "accept"
    actions = (ACTIONS.get(name) or ACTIONS[name.split(":")[0]]) if "action" in args else [None]
    for action in actions:
        yield reverse(name, kwargs={**kwargs, **({"action": action} if action else {})} or None)


def snapshot(foreign):
    return (
        foreign.ideas.__class__.objects.filter(pk=foreign.ideas.pk).values().get(),
        foreign.awards.__class__.objects.filter(pk=foreign.awards.pk).values().get(),
        foreign.notifications.__class__.objects.filter(pk=foreign.notifications.pk).values().get(),
        IdeaAttachment.objects.filter(pk=foreign.attachment.pk).values().get(),
        NominationAttachment.objects.filter(pk=foreign.nomination_file.pk).values().get(),
        PublicPosting.objects.count(),
        foreign.rating.__class__.objects.filter(pk=foreign.rating.pk).values().get(),
        foreign.proposals.__class__.objects.filter(pk=foreign.proposals.pk).values().get(),
        foreign.pilots.__class__.objects.filter(pk=foreign.pilots.pk).values().get(),
        foreign.pilots.milestones.count(), foreign.pilots.corrections.count(), foreign.pilots.events.count(),
        foreign.meeting.__class__.objects.filter(pk=foreign.meeting.pk).values().get(),
        foreign.councils.memberships.count(), foreign.meeting.items.count(),
        foreign.meeting.attendances.count(),
        foreign.library.__class__.objects.filter(pk=foreign.library.pk).values().get(),
        Adoption.objects.count(),
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("as_staff", [False, True])
def test_sweep_every_route_with_another_units_objects(client, org, foreign, as_staff):
    before = snapshot(foreign)
    for name, args in routes():
        if name.split(":")[0] in THIRD_PARTY:
            continue
        for url in urls_of(name, args, foreign):
            for method in ("get", "post"):
                if as_staff:
                    client.force_login(org.author)  # again: the sweep passes through sign-out
                response = getattr(client, method)(url)
                where = f"{'staff' if as_staff else 'anonymous'} {method.upper()} {url}"
                assert response.status_code < 500, where
                body = b"".join(response.streaming_content) if response.streaming else response.content
                assert not any(text in body.decode() for text in foreign.texts), where
                if name in PUBLIC:
                    continue
                if not as_staff:
                    assert response.status_code in (302, 405), where
                    if response.status_code == 302:
                        assert response["Location"].startswith("/accounts/login/"), where
                elif name in OBJECT:
                    assert response.status_code in (403, 404, 405), where
                elif name in ROLE:
                    assert response.status_code in (403, 405), where
    assert snapshot(foreign) == before


@pytest.fixture
def own(org):
    """Objects of org.unit, each visible to its head (the committee's for two-step verification)."""
    idea = idea_in("submitted", author=org.author, title="Ý tưởng của đơn vị")
    attachment = IdeaAttachment.objects.create(
        idea=idea, file="ideas/y", original_name="y.pdf", content_type="application/pdf", size=1,
        uploaded_by=org.author,
    )  # fmt: skip
    nomination = NominationFactory(nominee=org.author, proposing_unit=org.unit, status="approved")
    nomination_file = NominationAttachment.objects.create(
        nomination=nomination, kind="other", file="nominations/y", original_name="z.pdf",
        content_type="application/pdf", size=1, uploaded_by=org.head,
    )  # fmt: skip
    [note] = notify(recipients=[org.head], kind=MESSAGE, params={"text": "Thông báo của trưởng đơn vị"})
    rating = RatingFactory(person=org.author, year=2024, rating="httnv")
    proposal = proposal_in("submitted", unit=org.unit, by=org.head, title="Đề xuất của đơn vị")
    pilot = pilot_in(unit=org.unit, by=org.head, owner=org.deputy, title="Thí điểm của đơn vị")
    council = council_of(org.head, chair=org.deputy, unit=org.unit)
    meeting = meeting_on(council, org.head, [idea], attending=[org.deputy])
    return SimpleNamespace(
        ideas=idea, attachment=attachment, awards=nomination, notifications=note, rating=rating,
        proposals=proposal, pilots=pilot, nomination_file=nomination_file, person=org.author, unit=org.unit,
        councils=council, meeting=meeting,
        library=practice_in(org, title="Cách làm của đơn vị"),
    )  # fmt: skip


@pytest.mark.django_db
def test_a_get_of_every_route_never_answers_405_and_an_action_leads_back_to_its_page(client, org, own):
    """Post/Redirect/Get: reloading an address after an action, or opening it from the history or in
    the other language, never shows "405". A route that only takes POST (thiduaportal.actions.post_only)
    redirects a GET to its object's page with a message; a new route that answers a GET with 405
    fails here."""
    with translation.override("vi"):
        explained = escape(str(OPENED_BY_GET))
    actions_seen = set()
    for name, args in routes():
        if name.split(":")[0] in THIRD_PARTY or name in PUBLIC:
            continue
        client.force_login(org.committee if name.startswith("two-step") else org.head)
        for url in urls_of(name, args, own):
            response = client.get(url)
            assert response.status_code not in (405, 500), f"GET {url}: {response.status_code}"
            if not getattr(resolve(url).func, "post_only", False):
                continue
            actions_seen.add(name)
            assert response.status_code == 302 and response["Location"] != url, f"GET {url}"
            page = client.get(response["Location"], follow=True)
            assert page.status_code == 200, f"GET {url} → {response['Location']}"
            assert explained in page.content.decode(), f"GET {url}: no message"
    assert actions_seen >= {
        "logout", "notifications:read-all", "ideas:idea-action", "ideas:idea-progress",
        "ideas:attachment-add", "ideas:attachment-remove", "ideas:idea-comment", "awards:nomination-action",
        "awards:nomination-attachment-add", "awards:nomination-attachment-remove",
        "awards:nomination-posting",
        "two-step-start", "two-step-codes-renew", "two-step-disable",
        "proposals:proposal-action", "proposals:proposal-comment", "proposals:innovation-step",
        "pilots:pilot-action", "pilots:correction-add",
        "councils:meeting-action", "councils:meeting-ballot", "councils:council-member-add",
        "library:practice-approve",
    }  # fmt: skip
    assert own.ideas.__class__.objects.get(pk=own.ideas.pk).status == "submitted"
    assert own.awards.__class__.objects.get(pk=own.awards.pk).status == "approved"
