import pytest

from tests.ideas.factories import idea_in


@pytest.fixture
def make_idea(org):
    """make_idea(status) → an idea of org.author (co-author org.co_author) in org.sub."""

    def make(status="draft", **fields):
        fields.setdefault("co_authors", [org.co_author])
        return idea_in(status, author=org.author, **fields)

    return make
