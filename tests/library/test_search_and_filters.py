"""The library's list: published practices only, a diacritic-insensitive search (on SQLite and on
PostgreSQL), the filters by topic, unit with its sub-units, level and year, and its empty states."""

import pytest
from django.utils import timezone

from ideas.models import RecognitionAct, Topic
from tests.library.factories import practice_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(org):
    return {
        "land": practice_in(org, title="Một cửa liên thông đất đai", topic=Topic.LAND_PROJECTS),
        "digital": practice_in(
            org,
            title="Sổ tay điện tử cho cán bộ phường",
            summary="Sổ tay nghiệp vụ trên điện thoại cho cán bộ.",
            topic=Topic.DIGITAL,
            act=RecognitionAct.CITY,
        ),
        "draft": practice_in(org, published=False, title="Đất đai chưa công bố", topic=Topic.LAND_PROJECTS),
    }


def titles(client, query=""):
    page = client.get(f"/library/{query}")
    assert page.status_code == 200
    found = [p.title for p in page.context["page_obj"].object_list]
    return sorted(found), page.content.decode()


@pytest.mark.parametrize("q", ["dat dai", "DAT DAI", "đất đai", "lien thong dat", "mot cua"])
def test_the_search_ignores_diacritics_and_case(client, org, library, q):
    client.force_login(org.outsider)
    found, _ = titles(client, f"?q={q}")
    assert found == ["Một cửa liên thông đất đai"]


def test_the_search_on_postgresql(client, org, library, postgres):
    client.force_login(org.outsider)
    assert titles(client, "?q=dat+dai")[0] == ["Một cửa liên thông đất đai"]
    assert titles(client, "?q=so+tay+dien+tu")[0] == ["Sổ tay điện tử cho cán bộ phường"]


def test_the_filters(client, org, library):
    client.force_login(org.colleague)
    year = timezone.localdate().year
    everything = ["Một cửa liên thông đất đai", "Sổ tay điện tử cho cán bộ phường"]
    assert titles(client)[0] == everything
    assert titles(client, f"?topic={Topic.DIGITAL}")[0] == ["Sổ tay điện tử cho cán bộ phường"]
    assert titles(client, "?level=city")[0] == ["Sổ tay điện tử cho cán bộ phường"]
    assert titles(client, f"?unit={org.unit.pk}")[0] == everything  # with its sub-units
    assert titles(client, f"?unit={org.other.pk}")[0] == []
    decided = library["land"].year
    assert titles(client, f"?year={decided}")[0] == everything
    found, page = titles(client, f"?year={year + 50}&level=nonsense")
    assert found == everything
    assert 'data-testid="filter-errors"' in page


def test_the_empty_states(client, org):
    client.force_login(org.colleague)
    _, page = titles(client)
    assert "Thư viện chưa có cách làm nào." in page
    practice_in(org)
    _, page = titles(client, "?q=khong+co+gi")
    assert "Không có cách làm nào phù hợp." in page


def test_each_practice_says_how_far_it_spread(client, org, library):
    from library import services

    services.adoption_record(
        practice=library["land"],
        by=org.other_head,
        unit=org.other,
        adopted_on=timezone.localdate(),
        results="x",
    )
    client.force_login(org.colleague)
    _, page = titles(client)
    assert "Đã được 1 đơn vị khác áp dụng" in page
    assert "Chưa có đơn vị khác áp dụng" in page
