"""Searching the index: full text in each language, facets with counts, ordering, snippets, pages.

On PostgreSQL a query is a handful of statements on search_searchentry alone. On SQLite (the embedded
default) the same interface matches plain text in Python, which is enough for the demo data.
"""

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from portal.search.documents import registered_types
from portal.search.models import SCOPE_RANK, SearchEntry
from portal.search.services import cached_until_index_changes
from portal.search.text import CONFIGS, config_for, normalise, split_cjk
from portal.taxonomy.models import Country, ExploitationForm, Region, Sector, TargetGroup, Theme
from portal.taxonomy.selectors import terms_by_id

MAX_QUERY_LENGTH = 200
# A word of at least this length matches a title word this similar (pg_trgm word similarity): "trafficing".
TYPO_MIN_LENGTH = 4
TYPO_THRESHOLD = 0.5
TYPO_WHEN_FEWER = 20  # exact matches (entries): below this, near-misses are added
_OPERATORS = re.compile(r'"|(^|\s)-\w|\sor\s', re.IGNORECASE)
MAX_PAGE_SIZE = 100
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# Filter name → (entry column, taxonomy model, the field its URL value is).
TAXONOMY_FACETS = {
    "country": ("countries", Country, "code"),
    "region": ("regions", Region, "slug"),
    "theme": ("themes", Theme, "slug"),
    "exploitation_form": ("exploitation_forms", ExploitationForm, "slug"),
    "target_group": ("target_groups", TargetGroup, "slug"),
    "sector": ("sectors", Sector, "slug"),
}
PLAIN_FACETS = ("type", "language", "year", "scope")
FACETS = ("type", *TAXONOMY_FACETS, "language", "year", "scope")
_START, _STOP = "\x02", "\x03"
# NUL and other control characters have no place in a query (PostgreSQL refuses NUL outright).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class SearchParams:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1
    page_size: int = 20
    since: datetime | None = None  # alerts: only what was published after this moment…
    until: datetime | None = None  # …and up to this one

    @classmethod
    def from_query(cls, query, *, page_size: int = 20) -> "SearchParams":
        """From request.GET; anything malformed is clamped or dropped, never an error."""
        q = " ".join(_CONTROL.sub(" ", query.get("q") or "").split())[:MAX_QUERY_LENGTH]
        filters = {}
        for name in FACETS:
            values = [_CONTROL.sub("", value).strip()[:64] for value in query.getlist(name)]
            values = [value for value in values if value][:10]
            if values:
                filters[name] = values
        try:
            page = max(int(query.get("page") or 1), 1)
        except ValueError:
            page = 1
        try:
            size = min(max(int(query.get("page_size") or page_size), 1), MAX_PAGE_SIZE)
        except ValueError:
            size = page_size
        return cls(q=q, filters=filters, page=min(page, 10_000), page_size=size)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchHit:
    key: str
    type: str
    type_label: str
    object_id: int
    title: str
    snippet: str
    url: str
    path: str
    language: str
    is_original: bool
    original_language: str
    languages: list[str]
    published: datetime
    scope: str
    countries: list[str]
    rank: float = 0.0


@dataclass
class SearchResults:
    params: SearchParams
    hits: list[SearchHit]
    total: int
    facets: dict[str, list[FacetValue]]
    messages: list[str] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(math.ceil(self.total / self.params.page_size), 1)

    @property
    def has_next(self) -> bool:
        return self.params.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.params.page > 1


def _resolve_filters(params: SearchParams) -> tuple[dict, list[str]]:
    """URL values (slugs, codes) to the ids stored in the index; unknown values are reported, not fatal."""
    resolved: dict[str, list] = {}
    messages = []
    for name, (column, model, lookup) in TAXONOMY_FACETS.items():
        wanted = params.filters.get(name)
        if not wanted:
            continue
        values = [value.upper() for value in wanted] if lookup == "code" else wanted
        terms = {term_value: pk for pk, term_value, _label in _terms(model, lookup)}
        found = {value: terms[value] for value in values if value in terms}
        for value in values:
            if value not in found:
                messages.append(
                    _("Unknown %(facet)s “%(value)s”: it was ignored.")
                    % {"facet": name.replace("_", " "), "value": value}
                )
        if found:
            resolved[column] = sorted(found.values())
    for name in PLAIN_FACETS:
        wanted = params.filters.get(name)
        if not wanted:
            continue
        if name == "year":
            years = [int(value) for value in wanted if value.isdigit() and 1900 <= int(value) <= 2200]
            if years:
                resolved["year"] = years
        elif name == "language":
            languages = [value for value in wanted if value in LANGUAGE_CODES]
            if languages:
                resolved["languages"] = languages
        elif name == "type":
            types = [value for value in wanted if value in registered_types()]
            if types:
                resolved["type"] = types
        else:
            resolved["scope"] = wanted
    return resolved, messages


def _terms(model, lookup: str) -> list[tuple[int, str, str]]:
    """(pk, URL value, name in the active language) of every term of a taxonomy: reference data that pages
    read on every search, kept by portal.taxonomy rather than queried once per facet."""
    return [(pk, getattr(term, lookup), str(term)) for pk, term in terms_by_id(model).items()]


def search(params: SearchParams, *, language: str, newest_first: bool = False, facets: bool = True) -> SearchResults:
    """`newest_first` for feeds and alerts (what is new matters, not relevance); `facets=False` skips the counts."""
    resolved, messages = _resolve_filters(params)
    if connection.vendor == "postgresql":
        keys, total, counts, ranks, parsed = _postgres(params, resolved, newest_first=newest_first, facets=facets)
    else:
        keys, total, counts, ranks = _python(params, resolved, newest_first=newest_first)
        parsed = {}
    if total and not keys and params.page > 1:
        messages.append(
            _("There is no page %(page)s: the last page is %(last)s.")
            % {"page": params.page, "last": math.ceil(total / params.page_size)}
        )
    hits = _hits(keys, ranks, params, language, parsed)
    results = SearchResults(params=params, hits=hits, total=total, facets=_facets(counts, params), messages=messages)
    return results


# --- PostgreSQL -----------------------------------------------------------------------------------


def _parsed_queries(cursor, q: str, filters: list[str], values: dict) -> tuple[dict[str, str], int]:
    """The query parsed by each language's configuration (websearch_to_tsquery: "phrases", -exclusions and OR,
    never a syntax error), as tsquery text, languages whose parse is empty (only stop words) left out; and how
    many entries the words as typed match within `filters`, counted up to TYPO_WHEN_FEWER.

    Parsing first and matching with the results as constants lets every language's condition use the GIN
    index on the vectors; a per-row CASE on the entry's language would read every vector in the table."""
    parts, arms, parse_values = [], [], {}
    for code in LANGUAGE_CODES:
        name = "q_%s" % code.replace("-", "_")
        parts.append("websearch_to_tsquery('%s', %%(%s)s) AS %s" % (config_for(code), name, name))
        arms.append("(e.language = '%s' AND e.vector @@ q.%s)" % (code, name))
        parse_values[name] = split_cjk(q) if code == "zh-hans" else q
    # The typo threshold is set in the same round trip.
    cursor.execute(
        "SELECT set_config('pg_trgm.word_similarity_threshold', %%(threshold)s, false), %s, "
        "(SELECT count(*) FROM (SELECT 1 FROM search_searchentry e WHERE (%s) AND %s LIMIT %d) exact) "
        "FROM (SELECT %s) q"
        % (
            ", ".join("q.%s::text" % name for name in parse_values),
            " OR ".join(arms),
            " AND ".join(filters) or "TRUE",
            TYPO_WHEN_FEWER,
            ", ".join(parts),
        ),
        {**values, **parse_values, "threshold": str(TYPO_THRESHOLD)},
    )
    row = cursor.fetchone()
    parsed = {code: tsquery for code, tsquery in zip(LANGUAGE_CODES, row[1:-1], strict=True) if tsquery}
    return parsed, row[-1]


def _match_sql(parsed: dict[str, str], values: dict) -> str:
    """Each entry matched by its own language's parse; languages that parse alike share one index scan."""
    by_query: dict[str, list[str]] = {}
    for code, tsquery in parsed.items():
        by_query.setdefault(tsquery, []).append(code)
    arms = []
    for number, (tsquery, codes) in enumerate(by_query.items()):
        values["tq%s" % number], values["tl%s" % number] = tsquery, codes
        arms.append("(e.vector @@ %%(tq%s)s::tsquery AND e.language = ANY(%%(tl%s)s))" % (number, number))
    return " OR ".join(arms) or "FALSE"


def _entry_query_sql(parsed: dict[str, str], values: dict) -> str:
    """The entry's own language's parse, for ranking and snippets (entries without one match nothing)."""
    cases = []
    for code, tsquery in parsed.items():
        name = "tq_%s" % code.replace("-", "_")
        values[name] = tsquery
        cases.append("WHEN '%s' THEN %%(%s)s::tsquery" % (code, name))
    return "(CASE e.language %s ELSE ''::tsquery END)" % " ".join(cases) if cases else "''::tsquery"


def _where(params: SearchParams, resolved: dict) -> tuple[list[str], dict]:
    conditions, values = [], {}
    # With words to match, the text index finds the candidates and facet filters are checked on those rows: a
    # common theme's index bitmap (50,000 entries, ~9 ms) costs more than checking a few hundred matches, and
    # the planner, counting heap pages only, would combine the two. Written "(…) IS TRUE", a condition is not
    # an index condition.
    template = "(e.%s && %%(%s)s) IS TRUE" if params.q else "e.%s && %%(%s)s"
    for column in ("countries", "regions", "themes", "exploitation_forms", "target_groups", "sectors", "languages"):
        if column in resolved:
            conditions.append(template % (column, column))
            values[column] = resolved[column]
    for column in ("type", "year", "scope"):
        if column in resolved:
            conditions.append("e.%s = ANY(%%(%s)s)" % (column, column))
            values[column] = resolved[column]
    if params.since is not None:
        conditions.append("e.published > %(since)s")
        values["since"] = params.since
    if params.until is not None:
        conditions.append("e.published <= %(until)s")
        values["until"] = params.until
    return conditions, values


# Relevance is computed for at most this many matching entries, taken in scope-then-date order: a word in most
# rows would otherwise rank every row (300+ ms at 100,000 practices). Beyond them, matches follow in that order.
RANK_CANDIDATES = 2000
# Each object has at most one entry per language: this many entries always hold a page's distinct objects.
_ENTRIES_PER_OBJECT = len(LANGUAGE_CODES)
# Below this offset, pages without relevance are read from the order index and de-duplicated in Python.
_INDEX_WALK_LIMIT = 4000


def _postgres(params: SearchParams, resolved: dict, *, newest_first: bool, facets: bool):
    """(keys of the page, total, facet counts, rank per key, the query as each language parsed it)."""
    conditions, values = _where(params, resolved)
    rank_columns, parsed = "", {}
    source = "search_searchentry e"
    with connection.cursor() as cursor:
        if params.q:
            parsed, exact = _parsed_queries(cursor, params.q, conditions, values)
            # Typo tolerance, when the words as typed find less than a page: every longer word of the query close
            # to a word of the title (trigrams) also matches, ranked below any full-text match. A word found in
            # most rows is no typo, and its near-misses would add thousands of rows to read and count.
            words = [word for word in re.findall(r"\w+", normalise(params.q)) if len(word) >= TYPO_MIN_LENGTH][:6]
            if _OPERATORS.search(params.q) or exact >= TYPO_WHEN_FEWER:
                words = []  # a phrase or an exclusion means exactly what it says
            for number, word in enumerate(words):
                values["w%s" % number] = word
            close = " AND ".join("%%(w%s)s <%%%% e.title_norm" % number for number in range(len(words))) or "FALSE"
            similarity = " + ".join("word_similarity(%%(w%s)s, e.title_norm)" % n for n in range(len(words))) or "0"
            conditions = ["(%s OR (%s))" % (_match_sql(parsed, values), close), *conditions]
            rank_columns = "GREATEST(ts_rank_cd(e.vector, %s, 32), (%s) / %s * 0.05)" % (
                _entry_query_sql(parsed, values),
                similarity,
                max(len(words), 1),
            )
        where = " AND ".join(conditions) or "TRUE"
        offset, limit = (params.page - 1) * params.page_size, params.page_size
        figures = _figures(cursor, params, source, where, values, facets=facets)
        total = figures.pop("total", {}).get("", 0)
        if not total:
            return [], 0, {}, {}, parsed
        if params.q and not newest_first:
            rows = _ranked_page(cursor, source, where, values, rank_columns, offset, limit, total)
        else:
            order = "e.published DESC, e.key" if newest_first else "e.scope_rank, e.published DESC, e.key"
            keys = _ordered_keys(cursor, source, where, values, order, offset, limit, exclude=[])
            rows = [(key, 0.0) for key in keys]
    ranks = {row[0]: float(row[1]) for row in rows}
    return [row[0] for row in rows], total, figures if facets else {}, ranks, parsed


def _ordered_keys(cursor, source, where, values, order, offset, limit, *, exclude) -> list[str]:
    """A page of distinct objects in an order all entries of one object share (scope, date, key).

    Near the start, walk the entries in that order (an index scan that stops early) and keep each object once;
    deep pages group first, as a deep page must."""
    if exclude:
        where = "%s AND NOT (e.key = ANY(%%(exclude)s))" % where
        values = {**values, "exclude": exclude}
    if offset < _INDEX_WALK_LIMIT:
        cursor.execute(
            "SELECT e.key FROM %s WHERE %s ORDER BY %s LIMIT %d"
            % (source, where, order, (offset + limit) * _ENTRIES_PER_OBJECT),
            values,
        )
        keys = list(dict.fromkeys(row[0] for row in cursor.fetchall()))
        return keys[offset : offset + limit]
    grouped_order = order.replace("e.", "")
    cursor.execute(
        "SELECT key FROM (SELECT e.key, min(e.scope_rank) AS scope_rank, max(e.published) AS published FROM %s "
        "WHERE %s GROUP BY e.key) g ORDER BY %s LIMIT %d OFFSET %d" % (source, where, grouped_order, limit, offset),
        values,
    )
    return [row[0] for row in cursor.fetchall()]


def _ranked_page(cursor, source, where, values, rank, offset, limit, total) -> list[tuple[str, float]]:
    """Rank the best RANK_CANDIDATES matching entries (scope, then date) and order their objects by relevance
    (in tenths, so equally relevant items follow scope, then date); matches beyond them follow unranked."""
    cursor.execute(
        "WITH candidates AS (SELECT e.id FROM %s WHERE %s ORDER BY e.scope_rank, e.published DESC LIMIT %d) "
        "SELECT key, rank FROM (SELECT e.key, max(%s) AS rank, min(e.scope_rank) AS scope_rank, "
        "max(e.published) AS published FROM %s WHERE e.id IN (SELECT id FROM candidates) GROUP BY e.key) g "
        "ORDER BY floor(rank * 10) DESC, scope_rank, published DESC, key"
        % (source, where, RANK_CANDIDATES, rank, source),
        values,
    )
    ranked = cursor.fetchall()
    page = ranked[offset : offset + limit]
    if len(page) == limit or len(ranked) >= total:
        return page
    # Past the ranked candidates: the remaining matches, in scope-then-date order.
    rest = _ordered_keys(
        cursor,
        source,
        where,
        values,
        "e.scope_rank, e.published DESC, e.key",
        max(offset - len(ranked), 0),
        limit - len(page),
        exclude=[row[0] for row in ranked],
    )
    return page + [(key, 0.0) for key in rest]


def _figures(cursor, params: SearchParams, source: str, where: str, values: dict, *, facets: bool) -> dict:
    """The number of matching objects and (if asked) the facet counts, cached until the index next changes."""

    def compute() -> dict:
        if facets:
            return _postgres_facets(cursor, source, where, values, originals_only=not params.q)
        if params.q:
            cursor.execute("SELECT count(DISTINCT e.key) FROM %s WHERE %s" % (source, where), values)
        else:
            cursor.execute("SELECT count(*) FROM %s WHERE %s AND e.is_original" % (source, where), values)
        return {"total": {"": cursor.fetchone()[0]}}

    signature = repr((where, sorted((k, str(v)) for k, v in values.items()), facets))
    return cached_until_index_changes("search:figures:%s" % hashlib.sha256(signature.encode()).hexdigest(), compute)


# How migration 0003 codes facet values in `facet_codes`: facet × 1,000,000 + value.
_CODE_FACETS = (
    "countries",
    "regions",
    "themes",
    "exploitation_forms",
    "target_groups",
    "sectors",
    "languages",
    "year",
    "scope",
)
_CODE_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh-hans", "pt", "hi")  # positions 1…8, as migration 0003
_SCOPES_BY_RANK = {rank: scope for scope, rank in SCOPE_RANK.items()}


def _decode(code: int) -> tuple[str, str]:
    facet, value = _CODE_FACETS[code // 1_000_000], code % 1_000_000
    if facet == "languages":
        return facet, _CODE_LANGUAGES[value - 1]
    if facet == "scope":
        return facet, _SCOPES_BY_RANK.get(value, "")
    return facet, str(value)


def _postgres_facets(cursor, source: str, where: str, values: dict, *, originals_only: bool) -> dict[str, dict]:
    """Counts of distinct objects per facet value, over the whole result set, and their total, in one statement.

    Facet values are the same on every entry of an object, so without a text query (which may match only some
    languages) each object is counted on its one original-language entry, with no de-duplication. All values
    but the type are counted in one pass over `facet_codes`."""
    if originals_only:
        per_object = "SELECT e.type, e.facet_codes FROM %s WHERE %s AND e.is_original" % (source, where)
    else:
        per_object = "SELECT DISTINCT ON (e.key) e.type, e.facet_codes FROM %s WHERE %s ORDER BY e.key" % (
            source,
            where,
        )
    cursor.execute(
        "WITH m AS MATERIALIZED (%s) SELECT 'total', NULL, count(*) FROM m "
        "UNION ALL SELECT 'type', type, count(*) FROM m GROUP BY type "
        "UNION ALL SELECT 'code', code::text, count(*) FROM m, unnest(m.facet_codes) AS code GROUP BY code"
        % per_object,
        values,
    )
    counts: dict[str, dict] = {}
    for kind, value, count in cursor.fetchall():
        if kind == "total":
            facet, value = "total", ""
        elif kind == "type":
            facet = "type"
        else:
            facet, value = _decode(int(value))
        if value:
            counts.setdefault(facet, {})[value] = count
        elif facet == "total":
            counts["total"] = {"": count}
    return counts


def _snippets(entries: list[SearchEntry], parsed: dict[str, str]) -> dict[int, str]:
    if not parsed:
        return {}
    values = {}
    entry_query = _entry_query_sql(parsed, values)
    options = 'StartSel=%s, StopSel=%s, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "' % (
        _START,
        _STOP,
    )
    values["options"] = options
    values["ids"] = [entry.pk for entry in entries if entry.language != "zh-hans"]
    if not values["ids"]:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, ts_headline(e.language_config, concat_ws(' ', e.summary, e.body), %s, %%(options)s) "
            "FROM (SELECT *, %s AS language_config FROM search_searchentry WHERE id = ANY(%%(ids)s)) e"
            % (entry_query, _config_case()),
            values,
        )
        return dict(cursor.fetchall())


def _config_case() -> str:
    cases = " ".join("WHEN '%s' THEN '%s'::regconfig" % (code, config) for code, config in CONFIGS.items())
    return "(CASE language %s ELSE 'portal_simple'::regconfig END)" % cases


# --- SQLite (embedded default) ---------------------------------------------------------------------


def _python(params: SearchParams, resolved: dict, *, newest_first: bool = False):
    terms = [normalise(term) for term in re.findall(r"\w+", params.q)]
    entries = list(SearchEntry.objects.all())
    matched: dict[str, SearchEntry] = {}
    for entry in entries:
        if params.since is not None and entry.published <= params.since:
            continue
        if params.until is not None and entry.published > params.until:
            continue
        haystack = normalise(" ".join((entry.title, entry.summary, entry.body)))
        if terms and not all(term in haystack for term in terms):
            continue
        if not _python_filters(entry, resolved):
            continue
        matched.setdefault(entry.key, entry)
    if newest_first:
        ordered = sorted(matched.values(), key=lambda e: (-e.published.timestamp(), e.key))
    else:
        ordered = sorted(matched.values(), key=lambda e: (e.scope_rank, -e.published.timestamp(), e.key))
    start = (params.page - 1) * params.page_size
    counts: dict[str, dict] = {}
    for entry in matched.values():
        for facet, values in _entry_facets(entry).items():
            for value in values:
                counts.setdefault(facet, {})[value] = counts.setdefault(facet, {}).get(value, 0) + 1
    keys = [entry.key for entry in ordered[start : start + params.page_size]]
    return keys, len(ordered), counts, dict.fromkeys(keys, 0.0)


def _entry_facets(entry: SearchEntry) -> dict[str, list[str]]:
    facets = {
        column: [str(value) for value in getattr(entry, column)]
        for column in ("countries", "regions", "themes", "exploitation_forms", "target_groups", "sectors", "languages")
    }
    facets["type"] = [entry.type]
    facets["year"] = [str(entry.year)]
    facets["scope"] = [entry.scope] if entry.scope else []
    return facets


def _python_filters(entry: SearchEntry, resolved: dict) -> bool:
    for column, wanted in resolved.items():
        if column in ("type", "year", "scope"):
            if getattr(entry, column) not in wanted:
                return False
        elif not set(getattr(entry, column)) & set(wanted):
            return False
    return True


# --- Presenting ------------------------------------------------------------------------------------


def _highlight(text: str) -> str:
    return escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")


def _highlight_terms(text: str, q: str) -> str:
    """Where the database does not highlight (Chinese, SQLite): mark the query's words in the summary."""
    text = text[:300]
    terms = [term for term in re.findall(r"\w+", split_cjk(q)) if term]
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append("<mark>%s</mark>" % escape(match.group(0)))
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def _hits(keys: list[str], ranks: dict, params: SearchParams, language: str, parsed: dict) -> list[SearchHit]:
    """Each object in the reader's language when it exists there, otherwise in its original language."""
    if not keys:
        return []
    entries: dict[str, SearchEntry] = {}
    for entry in SearchEntry.objects.filter(key__in=keys).defer("vector", "title_norm").order_by("pk"):
        current = entries.get(entry.key)
        if current is None or entry.language == language or (current.language != language and entry.is_original):
            entries[entry.key] = entry
    snippets = _snippets(list(entries.values()), parsed)
    codes = dict(
        Country.objects.filter(pk__in={c for e in entries.values() for c in e.countries}).values_list("pk", "code")
    )
    types = registered_types()
    hits = []
    for key in keys:
        entry = entries.get(key)
        if entry is None:
            continue
        snippet = snippets.get(entry.pk)
        html = (
            _highlight(snippet)
            if snippet and _START in snippet
            else _highlight_terms(entry.summary or entry.body, params.q)
        )
        content_type = types.get(entry.type)
        hits.append(
            SearchHit(
                key=key,
                type=entry.type,
                type_label=str(content_type.label) if content_type else entry.type,
                object_id=entry.object_id,
                title=entry.title,
                snippet=mark_safe(html),  # noqa: S308 - escaped above; only <mark> is added
                url="/%s%s" % (language, entry.path),
                path=entry.path,
                language=entry.language,
                is_original=entry.is_original,
                original_language=entry.original_language,
                languages=entry.languages,
                published=entry.published,
                scope=entry.scope,
                countries=[codes[pk] for pk in entry.countries if pk in codes],
                rank=ranks.get(key, 0.0),
            )
        )
    return hits


def _facets(counts: dict[str, dict], params: SearchParams) -> dict[str, list[FacetValue]]:
    facets: dict[str, list[FacetValue]] = {}
    for name, (column, model, lookup) in TAXONOMY_FACETS.items():
        values = counts.get(column, {})
        if not values:
            facets[name] = []
            continue
        selected = {value.lower() for value in params.filters.get(name, [])}
        facets[name] = sorted(
            (
                FacetValue(term_value, label, values[str(pk)], term_value.lower() in selected)
                for pk, term_value, label in _terms(model, lookup)
                if str(pk) in values
            ),
            key=lambda facet: (-facet.count, facet.label),
        )
    types = registered_types()
    languages = dict(settings.LANGUAGES)
    labels = {
        "type": lambda value: str(types[value].label) if value in types else value,
        "languages": lambda value: languages.get(value, value),
        "year": str,
        "scope": lambda value: str(dict(_scopes()).get(value, value)),
    }
    for name, column in (("type", "type"), ("language", "languages"), ("year", "year"), ("scope", "scope")):
        selected = set(params.filters.get(name, []))
        values = counts.get(column, {})
        items = [FacetValue(value, labels[column](value), count, value in selected) for value, count in values.items()]
        order = (lambda f: -int(f.value)) if name == "year" else (lambda f: (-f.count, f.label))
        facets[name] = sorted(items, key=order)
    return facets


def _scopes():
    from django.utils.translation import gettext_lazy

    return [
        ("global", gettext_lazy("Global")),
        ("regional", gettext_lazy("Regional")),
        ("multi_country", gettext_lazy("Multi-country")),
        ("national", gettext_lazy("National")),
        ("local", gettext_lazy("Local")),
    ]
