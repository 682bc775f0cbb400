import datetime

import pytest

from ideas.models import RecognitionLevel
from ideas.models import Status as IdeaStatus
from tests.factories import IdeaFactory


@pytest.fixture
def recognised_idea(org):
    return IdeaFactory(
        author=org.author,
        title="Số hoá hồ sơ một cửa",
        status=IdeaStatus.RECOGNISED,
        recognition_level=RecognitionLevel.CITY,
        recognition_decision_number="123/QĐ-UBND",
        recognition_decision_date=datetime.date(2026, 3, 1),
    )
