"""The record pages: what they show, the eligibility check on the record page, forms, the upload."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from records.models import AnnualRating, RecordChange
from tests.records.factories import AwardFactory, RatingFactory, RestrictionFactory, TitleFactory

pytestmark = pytest.mark.django_db


def test_the_record_page_checks_a_proposal_against_the_rules_in_force(client, org):
    for year in range(2020, 2025):
        RatingFactory(person=org.author, year=year)
    for year in (2020, 2022, 2024):
        TitleFactory(person=org.author, year=year)
    AwardFactory(person=org.author, decision_date=datetime.date(2018, 11, 20))
    client.force_login(org.head)
    url = reverse("records:person-detail", args=[org.author.pk])
    met = client.get(url, {"award": "pm_certificate", "category": "merit", "on": "2025-03-03"})
    assert met.context["evaluation"].outcome == "met"
    text = met.content.decode()
    assert "Luật TĐKT 2022, Điều 73 khoản 1 điểm b" in text and 'data-testid="rule-results"' in text
    assert "Nghị định 98/2023" in text  # the set in force before 1 July 2025
    RestrictionFactory(person=org.author, kind="investigation", start=datetime.date(2025, 6, 1))
    blocked = client.get(url, {"award": "pm_certificate", "category": "merit", "on": "2025-07-01"})
    evaluation = blocked.context["evaluation"]
    assert evaluation.outcome == "not_met"
    assert [r.article for r in evaluation.blocks] == ["Nghị định 152/2025/NĐ-CP, Điều 4 khoản 4"]
    assert client.get(url, {"award": "nonsense", "category": "merit"}).context["evaluation"] is None


def test_a_form_error_is_shown_beside_the_field_and_nothing_is_saved(client, org):
    client.force_login(org.head)
    url = reverse("records:person-entry-add", args=[org.author.pk, "rating"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"year": timezone.localdate().year + 1, "rating": "httnv", "source": "QĐ"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not AnnualRating.objects.exists()
    assert client.get(reverse("records:person-entry-add", args=[org.author.pk, "medal"])).status_code == 404


def test_the_history_keeps_what_was_changed_and_removed(client, org):
    client.force_login(org.head)
    year = timezone.localdate().year - 1
    client.post(
        reverse("records:person-entry-add", args=[org.author.pk, "rating"]),
        {"year": year, "rating": "httnv", "source": "Thông báo 1"},
    )
    entry = AnnualRating.objects.get()
    client.post(
        reverse("records:entry-edit", args=["rating", entry.pk]),
        {"year": year, "rating": "htxsnv", "source": "Thông báo 1"},
    )
    assert client.get(reverse("records:entry-remove", args=["rating", entry.pk])).status_code == 200
    client.post(reverse("records:entry-remove", args=["rating", entry.pk]), {"reason": "Sai nguồn"})
    page = client.get(reverse("records:person-detail", args=[org.author.pk]))
    actions = [row["change"].action for row in page.context["changes"]]
    assert actions == ["removed", "updated", "created"]
    assert "Sai nguồn" in page.content.decode()
    assert page.context["sections"][0]["entries"] == []
    assert RecordChange.objects.count() == 3


def test_the_list_shows_each_persons_last_five_years(client, org):
    today = timezone.localdate()
    for year in range(today.year - 5, today.year):
        RatingFactory(person=org.author, year=year)
    RatingFactory(person=org.colleague, year=today.year - 1)
    RestrictionFactory(person=org.co_author, kind="complaint", start=today - datetime.timedelta(days=3))
    client.force_login(org.head)
    url = reverse("records:person-list")
    statuses = {person.username: status for person, status in client.get(url).context["rows"]}
    assert statuses["author"].complete and not statuses["colleague"].complete
    assert statuses["coauthor"].open_restrictions
    complete = {p.username for p, _ in client.get(url, {"status": "complete"}).context["rows"]}
    missing = {p.username for p, _ in client.get(url, {"status": "missing"}).context["rows"]}
    restricted = {p.username for p, _ in client.get(url, {"status": "restricted"}).context["rows"]}
    assert complete == {"author"} and "author" not in missing and "colleague" in missing
    assert restricted == {"coauthor"}
    assert {p.username for p, _ in client.get(url, {"q": "coauth"}).context["rows"]} == {"coauthor"}
    assert client.get(url, {"status": "'; drop table"}).status_code == 200


def test_the_list_costs_a_constant_number_of_queries(client, org, django_assert_max_num_queries):
    from tests.factories import UserFactory

    for person in UserFactory.create_batch(20, unit=org.sub):
        RatingFactory(person=person, year=timezone.localdate().year - 1)
    client.force_login(org.committee)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("records:person-list")).status_code == 200


def test_the_committee_uploads_a_file_and_sees_every_bad_row(client, org):
    client.force_login(org.committee)
    url = reverse("records:import")
    header = "kind,username,year,code,source\n"
    bad = header + "rating,author,2024,HTTNV,QĐ\nrating,nobody,2024,HTTNV,QĐ\n"
    response = client.post(url, {"file": SimpleUploadedFile("r.csv", bad.encode("utf-8-sig"), "text/csv")})
    assert response.status_code == 400
    assert response.context["errors"][0][0] == 3
    assert not AnnualRating.objects.exists()
    good = header + "rating,author,2024,HTTNV,QĐ\n"
    response = client.post(url, {"file": SimpleUploadedFile("r.csv", good.encode("utf-8-sig"), "text/csv")})
    assert response.status_code == 302
    assert AnnualRating.objects.get().entered_by == org.committee
    wrong = client.post(url, {"file": SimpleUploadedFile("r.pdf", b"%PDF-1.4", "application/pdf")})
    assert wrong.status_code == 400 and wrong.context["form"].errors


def test_the_rules_page_lists_every_set_with_its_articles(client, org):
    client.force_login(org.author)
    text = client.get(reverse("records:rule-sets")).content.decode()
    for words in (
        "Nghị định 98/2023/NĐ-CP",
        "Nghị định 152/2025/NĐ-CP",
        "Dám nghĩ, dám làm",
        "Điều 73 khoản 1 điểm b",
    ):
        assert words in text
