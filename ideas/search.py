"""Diacritic-insensitive search, the same for every list: each folded word of the query must occur
in the row's folded search text ("dat dai" finds "Đất đai"; "lan dang" finds "Đặng Ngọc Lan")."""

import re
import unicodedata
from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from .models import Idea

_NON_WORD = re.compile(r"[^0-9a-z]+")
QUERY_MAX_LENGTH = 200
QUERY_MAX_WORDS = 8  # a long query stays cheap


def fold(text: str) -> str:
    """NFD, drop combining marks, đ→d, lower case, punctuation to single spaces."""
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _NON_WORD.sub(" ", text).strip()


def search_text(*parts: str) -> str:
    """The stored search text: the parts folded, padded with spaces so that a term can be matched
    at a word's start (" dat")."""
    return f" {fold(' '.join(part or '' for part in parts))} "


def query_terms(q: str) -> list[str]:
    """The folded words of a search box entry."""
    return fold(q[:QUERY_MAX_LENGTH]).split()[:QUERY_MAX_WORDS]


def search_q(q: str, field: str = "search_text") -> Q:
    """Rows whose search text holds every word of the query (all rows for an empty query)."""
    condition = Q()
    for term in query_terms(q or ""):
        condition &= Q(**{f"{field}__contains": term})
    return condition


def search_text_for(idea: "Idea") -> str:
    """An idea's search text: its title, summary and problem."""
    return search_text(idea.title, idea.summary, idea.problem)
