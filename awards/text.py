"""Search text of nominations: "dang ngoc lan" finds "Đặng Ngọc Lan", searched as ideas are."""

from accounts.models import Unit, User
from ideas.search import search_text


def nomination_search_text(
    *, nominee: User | None = None, nominee_unit: Unit | None = None, proposing_unit: Unit | None = None
) -> str:
    parts: list[str] = []
    if nominee is not None:
        parts += [nominee.full_name, nominee.username, nominee.unit.name if nominee.unit else ""]
    if nominee_unit is not None:
        parts.append(nominee_unit.name)
    if proposing_unit is not None:
        parts.append(proposing_unit.name)
    return search_text(*parts)
