"""Reads for the coding workspace: the article list, one article with a coder's annotations, progress.

Everything a coder's screen shows comes from here (writes go through ``annotate.apply``). The
article list is served in windows of ids so a project of a million articles lists as fast as one
of a hundred: the whole list is ``whole_list``, the range of ids from the first to the last (two
index look-ups, at any size), a filtered one ``article_ids`` (a query, run on the database worker);
``article_rows`` reads the rows of one window. ``count_articles`` says, later, whether the range
was exact: ids have no gaps unless a failed import on PostgreSQL (whose sequences do not roll
back) left some, and then the list falls back to ``article_ids``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, func, literal, or_, select

from annotator.domain.codebook import Codebook
from annotator.domain.fields import FIELDS, Choices, FieldValue, SpanFill, ValueType, fill_field
from annotator.domain.models import SetKind, SetStatus
from annotator.domain.text_shape import TextShape
from annotator.services.annotate import EventInfo, SetRef, SpanInfo
from annotator.services.project import Project
from annotator.store import coding_rows as rows
from annotator.store.repository import (
    articles_t,
    assignments_t,
    coders_t,
    events_t,
    evidence_t,
    fields_from_row,
    sets_t,
    spans_t,
)

# ---------------------------------------------------------------- one article


@dataclass(frozen=True, slots=True)
class ArticleDoc:
    id: int
    external_id: str
    title: str
    text: str
    source: str
    url: str
    published: dt.date | None
    language: str
    # What the view needs of the text before showing it, if stored with it (long texts).
    shape: TextShape | None = None


@dataclass(frozen=True, slots=True)
class CodingState:
    """A coder's annotations of one article: spans in text order, events in the coder's order."""

    status: SetStatus
    spans: list[SpanInfo]
    events: list[EventInfo]


def load_article(project: Project, article_id: int) -> ArticleDoc | None:
    """The article, its text kept for its tags (see ``ArticleTexts.keep``)."""
    with project.engine.connect() as conn:
        doc = _article(conn, article_id)
    if doc is not None:
        project.texts.keep(doc.id, doc.external_id, doc.text)
    return doc


def external_id_of(project: Project, article_id: int) -> str | None:
    """The article's external id, without reading its text (None: no such article)."""
    with project.engine.connect() as conn:
        return rows.article_external_id(conn, article_id)


def article_exists(project: Project, article_id: int) -> bool:
    """Whether the article is (still) in the project, without reading its text."""
    with project.engine.connect() as conn:
        return conn.scalar(select(articles_t.c.id).where(articles_t.c.id == article_id)) is not None


def _article(conn: Any, article_id: int) -> ArticleDoc | None:
    r = conn.execute(
        select(
            articles_t.c.id,
            articles_t.c.external_id,
            articles_t.c.title,
            articles_t.c.text,
            articles_t.c.source,
            articles_t.c.url,
            articles_t.c.published,
            articles_t.c.language,
            articles_t.c.astral_at,
            articles_t.c.may_rtl,
        ).where(articles_t.c.id == article_id)
    ).first()
    if r is None:
        return None
    shape = TextShape.from_columns(r.astral_at, r.may_rtl, r.text)
    return ArticleDoc(r.id, r.external_id, r.title, r.text, r.source, r.url, r.published, r.language, shape)


@dataclass(frozen=True, slots=True)
class CodingRows:
    """The same, lean, for opening an article: spans as (key, start, end, label) tuples, any order.

    The screen slices span text from the article it already holds; building 10,000 objects per
    open would cost more than reading them.
    """

    status: SetStatus
    spans: list[tuple[str, int, int, str]]
    events: list[EventInfo]
    # Versions for optimistic concurrency (annotate.expecting): the set's (0: no set yet) and each
    # span's by key (events carry theirs in EventInfo.version).
    set_version: int = 0
    span_versions: dict[str, int] = field(default_factory=dict)
    set_id: int = 0  # (0: no set yet) with set_version, names the spans read: see ``coding_rows``


def open_for_coding(project: Project, ref: SetRef) -> tuple[ArticleDoc | None, CodingRows]:
    """An article and a coder's annotations of it, read on one connection: what opening shows. (The
    coding screen reads the two halves one after the other, ``load_article`` then ``coding_rows``,
    to lay out the text while the annotations are read.)"""
    with project.engine.connect() as conn:
        doc = _article(conn, ref.article_id)
        return doc, (_coding_rows(conn, ref) if doc is not None else CodingRows(SetStatus.NOT_STARTED, [], []))


def coding_rows(project: Project, ref: SetRef, known: CodingRows | None = None) -> CodingRows:
    """A coder's annotations of one article (none, and not started, if the article has none).

    ``known``: the same set's annotations read earlier. If the set is still at that version its
    spans are taken from there, not read again: every change of a set's spans raises its version
    (an edit locks the set by raising it, ``rows.lock_set_of``; a pack import that replaces a set
    raises it too), so an equal version means the same spans. The status and the events are read
    afresh: they are few, and event numbering writes them without a new set version."""
    with project.engine.connect() as conn:
        return _coding_rows(conn, ref, known)


def _coding_rows(conn: Any, ref: SetRef, known: CodingRows | None = None) -> CodingRows:
    found = rows.find_set(conn, ref.article_id, ref.coder, ref.kind.value)
    if found is None:
        return CodingRows(SetStatus.NOT_STARTED, [], [])
    set_id, version = int(found.id), int(found.version)
    if known is not None and (known.set_id, known.set_version) == (set_id, version):
        spans, versions = known.spans, known.span_versions
    else:
        spans, versions = rows.spans_of_set(conn, set_id)
    return CodingRows(SetStatus(found.status), spans, _events(conn, set_id), version, versions, set_id)


def _events(conn: Any, set_id: int) -> list[EventInfo]:
    event_rows = conn.execute(
        select(events_t).where(events_t.c.set_id == set_id).order_by(events_t.c.position, events_t.c.id)
    ).all()
    if not event_rows:
        return []
    evidence: dict[int, dict[str, list[str]]] = {}
    for ev_id, name, key in conn.execute(
        select(evidence_t.c.event_id, evidence_t.c.field, spans_t.c.key)
        .join(spans_t, spans_t.c.id == evidence_t.c.span_id)
        .where(spans_t.c.set_id == set_id)
        .order_by(evidence_t.c.event_id, evidence_t.c.field, evidence_t.c.id)
    ):
        evidence.setdefault(ev_id, {}).setdefault(name, []).append(key)
    return [
        EventInfo(
            e.key, e.position, fields_from_row(e), {n: tuple(k) for n, k in evidence.get(e.id, {}).items()}, e.version
        )
        for e in event_rows
    ]


# ---------------------------------------------------------------- the article list


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    """Which articles the list shows: a status of the coder's set (None: all) and a search text;
    with ``assigned_to``, only the articles assigned to that coder (a queue), in ``batch`` if given;
    with only ``batch``, the articles of that batch, whoever has them."""

    status: SetStatus | None = None
    search: str = ""
    assigned_to: str | None = None
    batch: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleListRow:
    id: int
    external_id: str
    title: str
    source: str
    published: dt.date | None
    status: SetStatus
    events: int
    batch: str | None = None  # the batch of the coder's assignment (None: not assigned to them)


def _assigned(coder: str | None, batch: str | None = None) -> Any:
    """The coder's assignments (article id, batch), as a subquery; with no coder, the articles
    assigned to anyone (in ``batch``), each once."""
    if coder is None:
        q = select(assignments_t.c.article_id).distinct()
    else:
        q = (
            select(assignments_t.c.article_id, assignments_t.c.batch)
            .join(coders_t, coders_t.c.id == assignments_t.c.coder_id)
            .where(coders_t.c.name == coder)
        )
    if batch is not None:
        q = q.where(assignments_t.c.batch == batch)
    return q.subquery("queue")


def _coder_id(coder: str) -> Any:
    """The coder's id, as a scalar subquery (NULL for a name with no row: then nothing is theirs)."""
    return select(coders_t.c.id).where(coders_t.c.name == coder).scalar_subquery()


def _own_sets(coder: str) -> tuple[Any, Any]:
    """The coder's own sets, to outer-join articles against: the sets table (as ``mine``) and the
    join's condition. In the join's ON clause each article's set is one look-up in the unique index
    (article, coder, kind), so a page of the list costs the same however many sets the coder has;
    a subquery of all their sets was built again for every page (25 ms at 10,000 sets)."""
    mine = sets_t.alias("mine")
    on = and_(
        mine.c.article_id == articles_t.c.id,
        mine.c.coder_id == _coder_id(coder),
        mine.c.kind == SetKind.CODER.value,
    )
    return mine, on


def _escape_like(term: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", term)


def _filtered(query: Select[Any], mine: Any, q: ArticleQuery) -> Select[Any]:
    status = func.coalesce(mine.c.status, literal(SetStatus.NOT_STARTED.value))
    if q.status is not None:
        query = query.where(status == q.status.value)
    term = q.search.strip()
    if term:
        pattern = f"%{_escape_like(term)}%"
        query = query.where(
            or_(
                articles_t.c.title.ilike(pattern, escape="\\"),
                articles_t.c.external_id.ilike(pattern, escape="\\"),
                articles_t.c.text.ilike(pattern, escape="\\"),
            )
        )
    return query


def whole_list(project: Project) -> range:
    """Every article's id, in list order, as ``range(first, last + 1)``: exact when the ids have no gaps
    (``count_articles(project) == len(whole_list(project))``), an upper bound otherwise. Two index
    look-ups (min and max apart: together SQLite would scan the table)."""
    with project.engine.connect() as conn:
        first = conn.scalar(select(func.min(articles_t.c.id)))
        last = conn.scalar(select(func.max(articles_t.c.id)))
    return range(0) if first is None or last is None else range(int(first), int(last) + 1)


def count_articles(project: Project) -> int:
    """How many articles the project holds (a scan of the smallest index: ~40 ms a million on SQLite)."""
    with project.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(articles_t)) or 0)


def done_count(project: Project, coder: str) -> int:
    """How many articles ``coder`` has marked done."""
    done = and_(
        sets_t.c.coder_id == _coder_id(coder),
        sets_t.c.kind == SetKind.CODER.value,
        sets_t.c.status == SetStatus.DONE.value,
    )
    with project.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(sets_t).where(done)) or 0)


def article_ids(project: Project, coder: str, query: ArticleQuery = ArticleQuery()) -> list[int]:
    """Ids of the articles matching ``query``, in list order (import order)."""
    if query.status is None and not query.search.strip() and query.assigned_to is None and query.batch is None:
        q = select(articles_t.c.id).order_by(articles_t.c.id)  # the whole list needs no join
    else:
        mine, own = _own_sets(coder)
        q = _filtered(
            select(articles_t.c.id).select_from(articles_t).outerjoin(mine, own).order_by(articles_t.c.id),
            mine,
            query,
        )
        if query.assigned_to is not None or query.batch is not None:
            queue = _assigned(query.assigned_to, query.batch)
            q = q.join(queue, queue.c.article_id == articles_t.c.id)
    with project.engine.connect() as conn:
        result = conn.execute(q)
        # Plain driver tuples: 100,000 Row objects would take longer than the query.
        found = result.cursor.fetchall() if result.cursor is not None else []
        result.close()
    return [r[0] for r in found]


def article_rows(project: Project, coder: str, ids: Sequence[int]) -> list[ArticleListRow]:
    """The list rows of these articles (one window of the list), in the order of ``ids``."""
    if not ids:
        return []
    mine, own = _own_sets(coder)
    # The coder's assignment of each article (at most one: unique by article and coder), looked up
    # by that index too.
    queue = assignments_t.alias("queue")
    assigned = and_(queue.c.article_id == articles_t.c.id, queue.c.coder_id == _coder_id(coder))
    # Counted per row through the index on events.set_id: a grouped count of every event in the
    # project would grow with the project, not with the window.
    events = select(func.count()).where(events_t.c.set_id == mine.c.id).scalar_subquery()
    q = (
        select(
            articles_t.c.id,
            articles_t.c.external_id,
            articles_t.c.title,
            articles_t.c.source,
            articles_t.c.published,
            mine.c.status,
            events.label("n"),
            queue.c.batch,
        )
        .select_from(articles_t)
        .outerjoin(mine, own)
        .outerjoin(queue, assigned)
        .where(articles_t.c.id.in_(list(ids)))
    )
    with project.engine.connect() as conn:
        found = {
            r.id: ArticleListRow(
                r.id,
                r.external_id,
                r.title,
                r.source,
                r.published,
                SetStatus(r.status or SetStatus.NOT_STARTED.value),
                int(r.n or 0),
                r.batch,
            )
            for r in conn.execute(q)
        }
    return [found[i] for i in ids if i in found]


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int


def batches(project: Project, coder: str | None = None) -> list[str]:
    """The batch names in use (for the list's filter), of one coder's assignments if named."""
    q = select(assignments_t.c.batch).distinct().order_by(assignments_t.c.batch)
    if coder is not None:
        q = q.join(coders_t, coders_t.c.id == assignments_t.c.coder_id).where(coders_t.c.name == coder)
    with project.engine.connect() as conn:
        return [str(b) for b in conn.scalars(q)]


def has_queue(project: Project, coder: str) -> bool:
    """Has the coder any assignment? (A project without assignments lists every article.)"""
    with project.engine.connect() as conn:
        return (
            conn.scalar(
                select(assignments_t.c.id)
                .join(coders_t, coders_t.c.id == assignments_t.c.coder_id)
                .where(coders_t.c.name == coder)
                .limit(1)
            )
            is not None
        )


def progress(project: Project, coder: str) -> Progress:
    return Progress(done_count(project, coder), count_articles(project))


def next_article(project: Project, coder: str, after: int | None, *, queue: bool = False) -> int | None:
    """The first article after ``after`` (wrapping round) that the coder has not marked done; with
    ``queue``, only among the articles assigned to the coder (Ctrl+J: the next uncoded one of mine)."""
    mine, own = _own_sets(coder)
    base = (
        select(articles_t.c.id)
        .select_from(articles_t)
        .outerjoin(mine, own)
        .where(func.coalesce(mine.c.status, literal("not_started")) != SetStatus.DONE.value)
        .order_by(articles_t.c.id)
        .limit(1)
    )
    if queue:
        assigned = _assigned(coder)
        base = base.join(assigned, assigned.c.article_id == articles_t.c.id)
    with project.engine.connect() as conn:
        if after is not None:
            found = conn.scalar(base.where(articles_t.c.id > after))
            if found is not None:
                return int(found)
        found = conn.scalar(base)
    if found is None or found == after:
        return None
    return int(found)


# ---------------------------------------------------------------- filling fields from evidence

_NUMBER_WORDS = {
    "no": 0,
    "none": 0,
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "dozen": 12,
    "dozens": 24,
    "hundred": 100,
}
_DIGITS = re.compile(r"\d[\d,]*")
# Arabic-Indic and Eastern Arabic-Indic digits count as digits too.
_DIGIT_TABLE = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _count_from(text: str) -> int | None:
    plain = text.translate(_DIGIT_TABLE)
    m = _DIGITS.search(plain)
    if m:
        return int(m.group().replace(",", ""))
    for word in re.findall(r"[a-z]+", plain.lower()):
        if word in _NUMBER_WORDS:
            return _NUMBER_WORDS[word]
    return None


def _date_from(text: str, published: dt.date | None) -> tuple[dt.date, int] | None:
    try:
        return dt.date.fromisoformat(text.strip()), 1
    except ValueError:
        pass
    if published is None:
        return None
    try:
        from annotator.assist.dates import resolve_date
    except ImportError:  # the assist package is optional here
        return None
    found = resolve_date(text, published)
    return (found.event_date, found.time_precision) if found else None


def span_values(codebook: Codebook, field: str, span_text: str, published: dt.date | None) -> dict[str, FieldValue]:
    """What a span's text says for ``field`` (and the field's companions), before any fill rule.

    Dates are resolved against the article's date and bring their time precision; counts read
    digits or number words; countries must be in the codebook; other fields a span fills take its
    text. Fields a span does not fill (types, precision, coordinates...) get nothing.
    """
    definition = FIELDS.get(field)
    text = " ".join(span_text.split())
    if definition is None or definition.span_fill is SpanFill.NONE or not text:
        return {}
    if definition.type is ValueType.DATE:
        found = _date_from(text, published)
        if found is None:
            return {}
        values: dict[str, FieldValue] = {field: found[0]}
        if definition.precision_field:
            values[definition.precision_field] = found[1]
        return values
    if definition.type is ValueType.INT:
        count = _count_from(text)
        return {} if count is None else {field: count}
    if definition.choices is Choices.COUNTRIES:
        country = codebook.country_by_name.get(text) or codebook.country_by_name.get(text.title())
        return {field: country.name} if country else {}
    return {field: text}


def fill_values(
    codebook: Codebook, field: str, span_text: str, current: FieldValue, published: dt.date | None
) -> dict[str, FieldValue]:
    """What linking a span as evidence of ``field`` writes into the form (empty: leave the field alone).

    The coder chose the field, so a single-valued field (and its companion, a date's precision)
    takes the span's value even when it holds one; a multi-valued field appends it unless it is
    already there (``fields.fill_field``, the rule every way of filling from a span shares).
    """
    out: dict[str, FieldValue] = {}
    for name, value in span_values(codebook, field, span_text, published).items():
        out.update(fill_field(name, current if name == field else None, value, overwrite=True))
    return out


def event_from_spans(
    codebook: Codebook, spans: Sequence[SpanInfo], published: dt.date | None
) -> tuple[dict[str, FieldValue], dict[str, list[str]]]:
    """Field values and evidence for a new event made from the spans inside a selection (text order).

    The codebook says which fields each label fills, in order of use (``SpanLabel.fills``): the
    n-th span of a label is linked as evidence of the label's n-th field, the rest of its last
    one. Fields are filled from the first span that gives a usable value, multi-valued fields
    from every span. Labels that fill no field are left alone.
    """
    values: dict[str, FieldValue] = {}
    evidence: dict[str, list[str]] = {}
    used: dict[str, int] = {}
    for span in spans:
        targets = codebook.fills_of(span.label)
        if not targets:
            continue
        n = used.get(span.label, 0)
        used[span.label] = n + 1
        name = targets[min(n, len(targets) - 1)]
        evidence.setdefault(name, []).append(span.key)
        for field_name, value in span_values(codebook, name, span.text, published).items():
            values.update(fill_field(field_name, values.get(field_name), value, overwrite=False))
    return values, evidence
