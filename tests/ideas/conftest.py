import pytest

from tests.ideas.factories import idea_in


@pytest.fixture
def make_idea(org):
    """make_idea(status) → an idea of org.author (co-author org.co_author) in org.sub."""

    def make(status="draft", **fields):
        fields.setdefault("co_authors", [org.co_author])
        return idea_in(status, author=org.author, **fields)

    return make


@pytest.fixture(autouse=True)
def _phases_present(request):
    """A transactional test empties every table when it ends; with --reuse-db on PostgreSQL the next
    run would start without the phases. Put the reference data back when it is missing."""
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    if "transactional_db" not in request.fixturenames:
        request.getfixturevalue("db")
    from movement.models import Phase
    from tests.conftest import restore_reference_data

    if not Phase.objects.exists():
        restore_reference_data()
