"""Diacritic-insensitive search, the same for every list: each folded word of the query must occur
in the row's folded search text ("dat dai" finds "Đất đai"; "lan dang" finds "Đặng Ngọc Lan")."""

import logging
import re
import unicodedata
from typing import TYPE_CHECKING

from django.db import OperationalError, connection, transaction
from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from .models import Idea

SIMILAR_MIN_LENGTH = 12  # folded characters typed before similar ideas are looked for
SIMILAR_WORDS = 24  # what is compared: the first words of the title and problem (row and typed text)
SIMILAR_THRESHOLD = 0.45  # the share of words found (elsewhere than PostgreSQL)
SIMILAR_TRIGRAM_THRESHOLD = 0.75  # PostgreSQL: pg_trgm word similarity (docs/performance.md)
SIMILAR_CANDIDATES = 300  # elsewhere: rows ranked in Python at the most
SIMILAR_TIMEOUT_MS = 250  # PostgreSQL: a lookup that takes longer is cancelled (nothing is shown)

logger = logging.getLogger(__name__)

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


def similar_text(*parts: str) -> str:
    """What similar ideas are compared by: the first SIMILAR_WORDS folded words of the parts (an
    idea's title and problem, or what an author has typed of them). Short, so that a row shares
    few trigrams with an unrelated text and the trigram index narrows to a few candidates."""
    return " ".join(fold(" ".join(part or "" for part in parts)).split()[:SIMILAR_WORDS])


def similar_text_for(idea: "Idea") -> str:
    """An idea's similar text (stored in `Idea.similar_text`, kept by the services that save it)."""
    return similar_text(idea.title, idea.problem)


def similar_query(title: str, problem: str) -> str:
    """What a title and problem are looked up by: the title once it is long enough to compare (a
    duplicate is recognised by its title; a different problem under the same title would pull the
    likeness under the threshold), the title and problem while the title is short."""
    if len(similar_text(title)) >= SIMILAR_MIN_LENGTH:
        return title
    return f"{title} {problem}"


def similar(qs: "QuerySet[Idea]", text: str, *, limit: int = 5) -> "list[Idea]":
    """The rows of `qs` most like `text` (a title and problem being written), best first.

    On PostgreSQL: pg_trgm word similarity of the text's first words to each row's similar text
    (its title and the start of its problem), filtered with the `%>` operator that the trigram
    index on that column serves. Elsewhere (SQLite): the rows that hold at least one of the text's
    words, ranked by the share of its words they hold.
    """
    compared = similar_text(text)
    if len(compared) < SIMILAR_MIN_LENGTH:
        return []
    if connection.vendor == "postgresql":
        return _similar_trigram(qs, compared, limit)
    return similar_by_words(qs, compared, limit)


def _similar_trigram(qs: "QuerySet[Idea]", compared: str, limit: int) -> "list[Idea]":
    """The index on the short similar text narrows to the ideas sharing most of the typed text's
    trigrams (docs/performance.md). A lookup that still takes longer than SIMILAR_TIMEOUT_MS is
    cancelled and shows nothing, rather than keep the database busy on every keystroke."""
    from django.contrib.postgres.search import TrigramWordSimilarity

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [SIMILAR_TRIGRAM_THRESHOLD])
            cursor.execute("SET LOCAL statement_timeout = %s", [SIMILAR_TIMEOUT_MS])
            found: list[Idea] = list(
                qs.filter(similar_text__trigram_word_similar=compared)
                .annotate(similarity=TrigramWordSimilarity(compared, "similar_text"))
                .order_by("-similarity", "-pk")[:limit]
            )
            cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
            return found
    except OperationalError:  # the statement was cancelled (and its savepoint rolled back)
        logger.info("similar ideas: lookup cancelled after %s ms (%s)", SIMILAR_TIMEOUT_MS, compared[:60])
        return []


def similar_by_words(qs: "QuerySet[Idea]", folded: str, limit: int) -> "list[Idea]":
    """The fallback ranking: the share of the text's words (three letters or more) a row holds."""
    words = list(dict.fromkeys(word for word in folded.split() if len(word) >= 3))[: QUERY_MAX_WORDS * 2]
    if not words:
        return []
    holds_one = Q()
    for word in words:
        holds_one |= Q(search_text__contains=f" {word} ")
    ranked = []
    for idea in qs.filter(holds_one)[:SIMILAR_CANDIDATES]:
        share = sum(f" {word} " in idea.search_text for word in words) / len(words)
        if share >= SIMILAR_THRESHOLD:
            ranked.append((share, idea))
    ranked.sort(key=lambda pair: (-pair[0], -pair[1].pk))
    return [idea for _share, idea in ranked[:limit]]
