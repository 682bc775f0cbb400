"""Each role's dashboard shows its own deadlines and its own invitations only."""

import datetime

from django.utils import timezone

from tests.factories import DeadlineFactory

TITLES = {
    "idea_submission": "Hạn gửi ý tưởng",
    "idea_review": "Hạn xem xét ý tưởng",
    "nomination_submission": "Hạn gửi hồ sơ khen thưởng",
    "nomination_review": "Hạn Hội đồng xét duyệt",
}


def shown(client, person) -> set[str]:
    client.force_login(person)
    page = client.get("/").content.decode()
    return {kind for kind, title in TITLES.items() if title in page}


def test_dashboards_show_each_role_only_its_own_deadlines(client, org):
    today = timezone.localdate()
    for days, (kind, title) in enumerate(TITLES.items(), start=3):
        DeadlineFactory(kind=kind, title=title, due_date=today + datetime.timedelta(days=days), unit=None)
    assert shown(client, org.author) == {"idea_submission"}
    assert shown(client, org.head) == {"idea_submission", "idea_review", "nomination_submission"}
    assert shown(client, org.deputy) == {"idea_submission", "idea_review", "nomination_submission"}
    assert shown(client, org.committee) == {"nomination_review", "idea_review"}


def test_the_committee_is_not_invited_to_write_its_first_idea(client, org):
    client.force_login(org.committee)
    page = client.get("/").content.decode()
    assert "/ideas/new/" not in page
    client.force_login(org.author)
    assert "/ideas/new/" in client.get("/").content.decode()
