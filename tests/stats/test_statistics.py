import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from ideas.models import RecognitionLevel, Status, Topic
from movement.models import Phase
from tests.awards.factories import NominationFactory, award
from tests.factories import IdeaFactory, UserFactory, phase

URL = "/stats/"


@pytest.fixture
def figures(org):
    current = phase("2026-2030")
    for status, topic in [
        (Status.SUBMITTED, Topic.DIGITAL),
        (Status.APPROVED, Topic.DIGITAL),
        (Status.RECOGNISED, Topic.LAND_PROJECTS),
    ]:
        IdeaFactory(author=org.author, status=status, topic=topic, phase=current)
    IdeaFactory(
        author=org.outsider,
        status=Status.RECOGNISED,
        recognition_level=RecognitionLevel.CITY,
        phase=current,
        topic=Topic.DIGITAL,
    )
    IdeaFactory(author=org.author, status=Status.SUBMITTED, phase=phase("2023-2025"), topic=Topic.OTHER)
    NominationFactory(
        proposing_unit=org.unit, nominee=UserFactory(unit=org.sub), award_type=award("city_certificate")
    )
    return current


def table_rows(html: str, caption: str) -> str:
    start = html.index(f'<caption class="visually-hidden">{caption}</caption>')
    return html[start : html.index("</table>", start)]


def test_the_committee_reads_the_figures_of_a_phase(client, org, figures):
    client.force_login(org.committee)
    response = client.get(URL, {"phase": "2026-2030"})
    assert response.status_code == 200
    html = response.content.decode()
    topics = table_rows(html, "Ý tưởng theo lĩnh vực")
    assert '<th scope="row" class="fw-normal">Chuyển đổi số</th><td class="text-end">3</td>' in topics
    units = table_rows(html, "Ý tưởng theo cơ quan, đơn vị (10 đơn vị nhiều nhất)")
    # Ideas of a sub-unit count for the unit directly under the city.
    assert '<th scope="row" class="fw-normal">Sở Thử nghiệm</th><td class="text-end">3</td>' in units
    assert '<th scope="row" class="fw-normal">UBND phường Khác</th><td class="text-end">1</td>' in units
    awards = table_rows(html, "Đề nghị khen thưởng theo hình thức")
    assert '<td class="text-end">1</td>' in awards


def test_another_phase_and_an_unknown_one(client, org, figures):
    client.force_login(org.committee)
    older = client.get(URL, {"phase": "2023-2025"}).content.decode()
    assert '<th scope="row" class="fw-normal">Khác</th><td class="text-end">1</td>' in table_rows(
        older, "Ý tưởng theo lĩnh vực"
    )
    unknown = client.get(URL, {"phase": "'; DROP TABLE"})
    assert unknown.status_code == 200  # falls back to the current phase
    assert unknown.context["phase"] == Phase.for_date(timezone.localdate())


@pytest.mark.parametrize("who", ["author", "head", "deputy", "other_head"])
def test_only_the_committee_sees_statistics(client, org, who):
    client.force_login(getattr(org, who))
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_page_runs_a_constant_number_of_queries(client, org, figures):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(org.committee)
    client.get(URL)  # roles and sessions are warm from here on
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for unit in (org.city, org.unit, org.sub, org.other):
        for _ in range(5):
            IdeaFactory(author=UserFactory(unit=unit), status=Status.SUBMITTED, phase=figures)
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    assert len(many) == len(few)


def test_the_figures_are_kept_for_a_few_minutes_and_say_when_they_were_computed(
    client, org, figures, settings, monkeypatch
):
    settings.STATS_CACHE_SECONDS = 300
    cache.clear()
    client.force_login(org.committee)
    first = client.get(URL).content.decode()
    computed = re.search(r'data-testid="computed-at">([^<]*)<', first).group(1)
    assert timezone.localtime().strftime("%d/%m/%Y") in computed
    IdeaFactory(author=org.author, status=Status.SUBMITTED, phase=figures, topic=Topic.OTHER)
    again = client.get(URL).content.decode()
    assert table_rows(again, "Ý tưởng theo lĩnh vực") == table_rows(first, "Ý tưởng theo lĩnh vực")
    cache.clear()  # the minutes have passed
    later = client.get(URL).content.decode()
    assert table_rows(later, "Ý tưởng theo lĩnh vực") != table_rows(first, "Ý tưởng theo lĩnh vực")
    cache.clear()


def test_without_the_cache_the_figures_are_computed_afresh(client, org, figures, settings, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    settings.STATS_CACHE_SECONDS = 300
    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    client.force_login(org.committee)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'data-testid="computed-at"' in response.content.decode()


def test_the_movements_steps_are_counted_in_their_phase(client, org, figures):
    """Proposals sent and concluded, Decree 73 proposals, unit pilots by outcome and council
    meetings, each in the phase it happened in."""
    from councils.models import MeetingItem
    from proposals.models import Proposal
    from tests.councils.factories import council_of, meeting_on
    from tests.ideas.factories import idea_in
    from tests.pilots.factories import pilot_in
    from tests.proposals.factories import proposal_in

    proposal_in("concluded", unit=org.sub, by=org.sub_head, conclusion="city_pilot")
    proposal_in("routed", unit=org.sub, by=org.sub_head)
    pilot_in(unit=org.sub, by=org.sub_head, owner=org.author, title="Đang chạy")
    pilot_in(
        unit=org.sub, by=org.sub_head, owner=org.author, title="Đã xong", status="closed", outcome="effective"
    )
    council = council_of(org.committee, chair=org.city_head, secretary=org.deputy, members=[org.colleague])
    meeting = meeting_on(
        council, org.committee, [idea_in(Status.SUBMITTED, author=org.author)], attending=[org.city_head]
    )
    meeting.__class__.objects.filter(pk=meeting.pk).update(status="closed")
    MeetingItem.objects.filter(meeting=meeting).update(passed=True)
    assert Proposal.objects.count() == 2
    client.force_login(org.committee)
    html = client.get(URL).content.decode()
    movement = html[html.index('data-testid="movement-figures"') : html.index("Ý tưởng theo trạng thái")]
    assert "1 được chấp thuận thí điểm cấp Thành phố" in movement
    assert "1 đang triển khai hoặc tạm dừng" in movement
    assert "1/1 nội dung được thông qua" in movement
    outcomes = table_rows(html, "Thí điểm đã kết thúc theo kết quả")
    assert re.search(r"Hiệu quả</t[dh]>\s*<td[^>]*>1<", outcomes)
