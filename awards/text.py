"""Search text of nominations: "dang ngoc lan" finds "Đặng Ngọc Lan", folded as ideas are."""

from ideas.search import fold

__all__ = ["fold", "nomination_search_text"]


def nomination_search_text(*, nominee=None, nominee_unit=None, proposing_unit=None) -> str:
    parts = []
    if nominee is not None:
        parts += [nominee.full_name, nominee.username, nominee.unit.name if nominee.unit_id else ""]
    if nominee_unit is not None:
        parts.append(nominee_unit.name)
    if proposing_unit is not None:
        parts.append(proposing_unit.name)
    return fold(" | ".join(p for p in parts if p))
