import datetime

import pytest

from tests.factories import DeadlineFactory, IdeaFactory


@pytest.fixture
def today():
    # A Wednesday inside the 2026-2030 phase, away from public holidays.
    return datetime.date(2026, 11, 18)


@pytest.fixture
def submission_deadline(org, today):
    return DeadlineFactory(kind="idea_submission", due_date=today + datetime.timedelta(days=7), unit=org.unit)


@pytest.fixture
def draft(org):
    return IdeaFactory(author=org.author, co_authors=[org.co_author], status="draft")
