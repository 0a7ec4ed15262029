"""Chinese-first full-text search over the catalog.

Text is tokenized in Python (:func:`tokenize`) and stored space-joined in
``search_entries.tokens``; the database only has to match whole tokens. On SQLite an
FTS5 table ``search_fts`` (external content, kept in sync by triggers) indexes them and
ranks by bm25; on PostgreSQL a GIN index on ``to_tsvector('simple', tokens)`` does, and
ts_rank ranks. Both see the same tokens, so both return the same hits for the same data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import opencc
from sqlalchemy import ColumnElement, Select, func, literal_column, select, table
from sqlalchemy import column as sql_column
from sqlalchemy.orm import Session

from jingshu.accounts.models import Organization
from jingshu.catalog.models import Dataset, DatasetVersion, Resource, SearchEntry
from jingshu.catalog.rules import Grade, Modality, OpenTier, Sensitivity
from jingshu.errors import InputError

__all__ = [
    "DATA_FORMATS",
    "SORTS",
    "SearchFilters",
    "SearchHit",
    "dataset_field_names",
    "index_text",
    "matching",
    "query_tokens",
    "reindex",
    "search",
    "tokenize",
]

# Scripts written without spaces, bigrammed as Lucene's CJKBigramFilter does by default:
# Han (with extensions and compatibility ideographs), Hiragana, Katakana, Hangul.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_RUN = re.compile(f"(?P<cjk>[{_CJK}]+)|(?P<word>[^\\W_{_CJK}]+)")
MAX_TOKEN_CHARS = 64  # longer words are cut, alike when indexing and querying
DATA_FORMATS = ("JSONL", "PARQUET", "CSV")  # every version downloads in these


@dataclass(frozen=True)
class SearchFilters:
    """What a search is restricted to, besides its query.

    Args:
        tier: only datasets opened at this tier.
        theme: only datasets with exactly this theme.
        modality: only datasets of this modality.
        organization: only datasets published by the organization with this ``name``.
        grade: only datasets of this data grade (一般/重要/核心).
        sensitivity: only datasets of this sensitivity level (L1–L4).
        tag: only datasets with this keyword (exactly).
        license: only datasets under exactly this licence.
        format: only datasets offering this format (case-insensitive): a data format
            (:data:`DATA_FORMATS`, for datasets with a version) or an attached resource's.
        visible_tiers: the tiers the viewer may list; ``None`` means all.
    """

    tier: OpenTier | None = None
    theme: str | None = None
    modality: Modality | None = None
    organization: str | None = None
    grade: Grade | None = None
    sensitivity: Sensitivity | None = None
    tag: str | None = None
    license: str | None = None
    format: str | None = None
    visible_tiers: frozenset[OpenTier] | None = None


@dataclass(frozen=True)
class SearchHit:
    """One dataset found; ``score`` is higher for better matches (0.0 without a query)."""

    dataset_id: int
    name: str
    title: str
    score: float


# -- analysis -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _t2s() -> Any:
    return opencc.OpenCC("t2s")


def _normalize(text: str) -> str:
    """NFKC (full-width ASCII to half-width), traditional to simplified, lowercase."""
    text = unicodedata.normalize("NFKC", text)
    if re.search(f"[{_CJK}]", text):
        text = str(_t2s().convert(text))
    return text.lower()


def _runs(text: str) -> Iterable[tuple[bool, str]]:
    """``(is_cjk, run)`` for each CJK run and each Latin/digit word of normalized text."""
    for match in _RUN.finditer(_normalize(text)):
        if match.group("cjk"):
            yield True, match.group("cjk")
        else:
            yield False, match.group("word")[:MAX_TOKEN_CHARS]


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokenize(text: str) -> list[str]:
    """Tokens to index for ``text``, Chinese first.

    The CJKAnalyzer approach from Lucene (``CJKBigramFilter`` with ``outputUnigrams``):
    each run of CJK characters gives every character (unigram) and every overlapping
    pair (bigram), so that any word of two or more characters is found by its bigrams
    without a dictionary. Latin letters and digits form words, split on anything not
    alphanumeric (``review_text`` gives ``review`` and ``text``). Before that, text is
    NFKC-normalized (full-width ASCII becomes half-width), traditional characters are
    folded to simplified with OpenCC ``t2s`` (語料 is indexed as 语料), and lowercased.

    Args:
        text: any text; empty text gives no tokens.
    """
    tokens: list[str] = []
    for is_cjk, run in _runs(text):
        if not is_cjk:
            tokens.append(run)
            continue
        for i, char in enumerate(run):
            tokens.append(char)
            if i + 1 < len(run):
                tokens.append(run[i : i + 2])
    return tokens


def query_tokens(q: str) -> list[str]:
    """The distinct tokens that all must match for a query (AND semantics).

    A CJK run of two or more characters gives only its bigrams (中文语料 needs 中文, 文语
    and 语料), a single CJK character its unigram, and a word itself; the same
    normalization as :func:`tokenize` applies.

    Args:
        q: the user's query text.
    """
    tokens: list[str] = []
    for is_cjk, run in _runs(q):
        tokens.extend(_bigrams(run) if is_cjk and len(run) > 1 else [run])
    return list(dict.fromkeys(tokens))


# -- indexing -------------------------------------------------------------------------


def dataset_field_names(dataset: Dataset) -> list[str]:
    """Column names in the data dictionary of the dataset's latest version, if any.

    Args:
        dataset: a dataset loaded in a session (its versions are loaded lazily).
    """
    if not dataset.versions:
        return []
    latest = max(dataset.versions, key=lambda v: v.number)
    return [field.name for field in latest.fields]


def index_text(dataset: Dataset, field_names: Iterable[str]) -> str:
    """The space-joined tokens stored for a dataset.

    Indexes the name, title, description, keywords, theme, the publishing
    organization's title and the given field names.

    Args:
        dataset: the dataset to index.
        field_names: column names of its latest version's data dictionary
            (see :func:`dataset_field_names`).
    """
    org_title = dataset.organization.title if dataset.organization else ""
    parts = [
        dataset.name,
        dataset.title,
        dataset.description or "",
        " ".join(dataset.keywords or []),
        dataset.theme or "",
        org_title,
        " ".join(field_names),
    ]
    return " ".join(token for part in parts for token in tokenize(part))


def reindex(session: Session, dataset: Dataset, field_names: Iterable[str]) -> None:
    """Insert or update the dataset's search entry; the caller commits.

    On SQLite, triggers on ``search_entries`` keep the FTS5 index in step.

    Args:
        session: an open session.
        dataset: the dataset (flushed here first if it has no id yet).
        field_names: column names of its latest version's data dictionary.
    """
    if dataset.id is None:
        session.flush()
    tokens = index_text(dataset, field_names)
    entry = session.get(SearchEntry, dataset.id)
    if entry is None:
        session.add(SearchEntry(dataset_id=dataset.id, tokens=tokens))
    else:
        entry.tokens = tokens
    session.flush()


# -- querying -------------------------------------------------------------------------

_FTS = table("search_fts", sql_column("rowid"))


def _tagged(session: Session, tag: str) -> list[int]:
    """Ids of datasets with keyword ``tag`` (keywords are JSON: matched here, not in SQL)."""
    rows = session.execute(select(Dataset.id, Dataset.keywords))
    return [int(r.id) for r in rows if tag in (r.keywords or [])]


def _format_condition(fmt: str) -> ColumnElement[bool]:
    with_resource = select(Resource.dataset_id).where(func.lower(Resource.format) == fmt.lower())
    condition: ColumnElement[bool] = Dataset.id.in_(with_resource.scalar_subquery())
    if fmt.lower() in {f.lower() for f in DATA_FORMATS}:
        with_version = select(DatasetVersion.dataset_id)
        condition = condition | Dataset.id.in_(with_version.scalar_subquery())
    return condition


def _filter_conditions(session: Session, filters: SearchFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.grade is not None:
        conditions.append(Dataset.grade == filters.grade)
    if filters.sensitivity is not None:
        conditions.append(Dataset.sensitivity == filters.sensitivity)
    if filters.license is not None:
        conditions.append(Dataset.license == filters.license)
    if filters.tag is not None:
        conditions.append(Dataset.id.in_(_tagged(session, filters.tag)))
    if filters.format is not None:
        conditions.append(_format_condition(filters.format))
    if filters.tier is not None:
        conditions.append(Dataset.open_tier == filters.tier)
    if filters.visible_tiers is not None:
        conditions.append(Dataset.open_tier.in_(sorted(filters.visible_tiers)))
    if filters.theme is not None:
        conditions.append(Dataset.theme == filters.theme)
    if filters.modality is not None:
        conditions.append(Dataset.modality == filters.modality)
    if filters.organization is not None:
        org_ids = select(Organization.id).where(Organization.name == filters.organization)
        conditions.append(Dataset.organization_id.in_(org_ids.scalar_subquery()))
    return conditions


def _fts5_phrase(token: str) -> str:
    """A token as an FTS5 string: double-quoted, inner quotes doubled, so no syntax."""
    return '"' + token.replace('"', '""') + '"'


def _sqlite_match(stmt: Select[Any], tokens: list[str]) -> tuple[Select[Any], Any]:
    fts: ColumnElement[Any] = literal_column("search_fts")
    match = " ".join(_fts5_phrase(t) for t in tokens)
    stmt = stmt.join(_FTS, _FTS.c.rowid == Dataset.id).where(fts.op("MATCH")(match))
    return stmt, -func.bm25(fts)


def _postgres_match(stmt: Select[Any], tokens: list[str]) -> tuple[Select[Any], Any]:
    simple: ColumnElement[Any] = literal_column("'simple'")
    vector: ColumnElement[Any] = literal_column("search_entries.tsv")  # generated, GIN-indexed
    query: ColumnElement[Any] = func.plainto_tsquery(simple, tokens[0])
    for token in tokens[1:]:
        query = query.op("&&")(func.plainto_tsquery(simple, token))
    stmt = stmt.join(SearchEntry, SearchEntry.dataset_id == Dataset.id)
    return stmt.where(vector.op("@@")(query)), func.ts_rank(vector, query)


def matching(session: Session, q: str, filters: SearchFilters) -> tuple[Select[Any], Any]:
    """The query of the ids of datasets matching ``q`` and ``filters``, and its score column.

    Args:
        session: an open session (its dialect picks FTS5 or PostgreSQL text search).
        q: the query text; empty matches every dataset that passes the filters.
        filters: restrictions joined into the same SQL query.
    """
    stmt = select(Dataset.id).where(*_filter_conditions(session, filters))
    score: Any = literal_column("0.0")
    tokens = query_tokens(q)
    if tokens:
        matcher = _sqlite_match if session.get_bind().dialect.name == "sqlite" else _postgres_match
        stmt, score = matcher(stmt, tokens)
    return stmt, score


# how results may be ordered: the best match first, or by a column (ties: newest first)
SORTS: dict[str, tuple[Any, ...]] = {
    "relevance": (literal_column("score").desc(), Dataset.updated_at.desc()),
    "updated": (Dataset.updated_at.desc(),),
    "created": (Dataset.created_at.desc(),),
    "name": (Dataset.name.asc(),),
    "title": (Dataset.title.asc(),),
}


def search(
    session: Session, q: str, filters: SearchFilters, limit: int = 20, offset: int = 0,
    sort: str = "relevance",
) -> tuple[list[SearchHit], int]:
    """Find datasets whose text contains every token of ``q``, best first.

    An empty query (or one without letters, digits or CJK characters) lists every
    dataset that passes the filters, most recently updated first.

    Args:
        session: an open session.
        q: the query text, Chinese or not, simplified or traditional.
        filters: restrictions joined into the same SQL query.
        limit: at most this many hits.
        offset: skip this many hits first (paging).
        sort: one of :data:`SORTS`.

    Returns:
        The page of hits and the total number of matching datasets.
    """
    if sort not in SORTS:
        raise InputError(f"sort {sort!r} is not known", hint=f"use one of: {', '.join(SORTS)}")
    stmt, score = matching(session, q, filters)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = (
        stmt.with_only_columns(Dataset.id, Dataset.name, Dataset.title, score.label("score"))
        .order_by(*SORTS[sort], Dataset.id.desc())
        .limit(limit)
        .offset(offset)
    )
    hits = [SearchHit(int(r.id), r.name, r.title, float(r.score)) for r in session.execute(page)]
    return hits, int(total)
