"""COPY helpers: model rows and many-to-many links streamed as CSV, ids reserved from the sequences."""

import csv
import io
import json
from datetime import UTC, date, datetime

from django.db.models import JSONField

from portal.search.models import SCOPE_RANK
from portal.search.text import CONFIGS, normalise


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["\\N" if value is None else value for value in row])
    buffer.seek(0)
    cursor.copy_expert("COPY %s (%s) FROM STDIN WITH (FORMAT csv, NULL '\\N')" % (table, ", ".join(columns)), buffer)


def _csv_value(value):
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def next_ids(cursor, model, count: int) -> list[int]:
    if not count:
        return []
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [model._meta.db_table, count]
    )
    return [row[0] for row in cursor.fetchall()]


def copy_models(cursor, model, rows: list[dict]) -> None:
    """COPY model rows given as {attname: value}; missing fields take their defaults."""
    if not rows:
        return
    fields = list(model._meta.concrete_fields)
    now = datetime.now(UTC)
    columns = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            default = now
        else:
            # Once per COPY: a translated field's default activates a language at every call.
            default = field.get_default()
        is_json = isinstance(field, JSONField)
        if default is not None:
            default = json.dumps(default) if is_json else _csv_value(default)
        columns.append((field.attname, is_json, default))
    values = []
    for row in rows:
        line = []
        for attname, is_json, default in columns:
            if attname not in row:
                line.append(default)
            elif row[attname] is None:
                line.append(None)
            else:
                line.append(json.dumps(row[attname]) if is_json else _csv_value(row[attname]))
        values.append(line)
    copy_rows(cursor, model._meta.db_table, [field.column for field in fields], values)


def link_table(model, field_name: str) -> tuple[str, str, str]:
    """(table, owner column, target column) of a many-to-many field."""
    field = model._meta.get_field(field_name)
    return field.remote_field.through._meta.db_table, field.m2m_column_name(), field.m2m_reverse_name()


def copy_links(cursor, model, field_name: str, pairs: list[tuple[int, int]]) -> None:
    if pairs:
        table, owner, target = link_table(model, field_name)
        copy_rows(cursor, table, [owner, target], pairs)


def array(values) -> str:
    return "{%s}" % ",".join(str(value) for value in values)


ENTRY_COLUMNS = [
    "key", "type", "object_id", "language", "is_original", "original_language", "languages", "title",
    "title_norm", "summary", "body", "path", "countries", "regions", "themes", "exploitation_forms",
    "target_groups", "sectors", "scope", "scope_rank", "published", "year",
]  # fmt: skip
_CJK_CLASS = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


def entry(
    *,
    type: str,
    pk: int,
    language: str,
    original: str,
    languages: list[str],
    title: str,
    summary: str,
    body: str,
    path: str,
    published: datetime,
    scope: str,
    countries=(),
    regions=(),
    themes=(),
    exploitation_forms=(),
    target_groups=(),
    sectors=(),
) -> list:
    """One search entry, as portal.search.services._entry would write it (the vector is computed later)."""
    return [
        "%s:%s" % (type, pk), type, pk, language, language == original, original, array(sorted(languages)),
        title[:500], normalise(title)[:500], summary, body, path, array(countries), array(regions), array(themes),
        array(exploitation_forms), array(target_groups), array(sectors), scope, SCOPE_RANK.get(scope, SCOPE_RANK[""]),
        published.isoformat(), published.year,
    ]  # fmt: skip


def stage_entries(cursor, entries: list[list]) -> None:
    """Entries wait in a temporary table, so a run never holds every entry in memory."""
    cursor.execute(
        "CREATE TEMP TABLE IF NOT EXISTS load_entries ON COMMIT DROP AS SELECT %s FROM search_searchentry "
        "WITH NO DATA" % ", ".join(ENTRY_COLUMNS)
    )
    copy_rows(cursor, "load_entries", ENTRY_COLUMNS, entries)


def insert_entries(cursor) -> int:
    """Let PostgreSQL compute the vector of every staged entry in one INSERT … SELECT."""
    stage_entries(cursor, [])
    configs = " ".join("WHEN '%s' THEN '%s'::regconfig" % (code, config) for code, config in CONFIGS.items())
    config = "(CASE language %s ELSE 'portal_simple'::regconfig END)" % configs

    def text(column):
        return "(CASE WHEN language = 'zh-hans' THEN regexp_replace(%s, '(%s)', ' \\1 ', 'g') ELSE %s END)" % (
            column,
            _CJK_CLASS,
            column,
        )

    vector = "setweight(to_tsvector(%s, %s), 'A') || setweight(to_tsvector(%s, %s), 'B') || " % (
        config,
        text("title"),
        config,
        text("summary"),
    ) + "setweight(to_tsvector(%s, %s), 'C')" % (config, text("body"))
    columns = ", ".join(ENTRY_COLUMNS)
    cursor.execute(
        "INSERT INTO search_searchentry (%s, vector, indexed_at) SELECT %s, %s, now() FROM load_entries"
        % (columns, columns, vector)
    )
    inserted = cursor.rowcount
    cursor.execute("DROP TABLE load_entries")
    return inserted


class Batch:
    """Rows gathered per model (ids reserved in blocks from the sequences), written with one COPY per model.

    Foreign keys are deferred to the commit, so the order of the models does not matter to them; rows are
    still written in the order their models were first added (a call before its grants, whose trigger reads
    the call's budget).
    """

    BLOCK = 5000

    def __init__(self, cursor):
        self.cursor = cursor
        self.rows: dict = {}
        self.links: dict = {}
        self.pools: dict = {}
        self.written: dict = {}

    def new_id(self, model) -> int:
        pool = self.pools.setdefault(model, [])
        if not pool:
            pool.extend(reversed(next_ids(self.cursor, model, self.BLOCK)))
        return pool.pop()

    def add(self, model, **row) -> int:
        row.setdefault("id", self.new_id(model))
        self.rows.setdefault(model, []).append(row)
        return row["id"]

    def link(self, model, field_name: str, owner: int, targets) -> None:
        self.links.setdefault((model, field_name), []).extend((owner, target) for target in targets)

    def flush(self) -> None:
        for model, rows in self.rows.items():
            copy_models(self.cursor, model, rows)
            self.written[model] = self.written.get(model, 0) + len(rows)
        for (model, field_name), pairs in self.links.items():
            copy_links(self.cursor, model, field_name, pairs)
        self.rows, self.links = {}, {}

    def count(self, model) -> int:
        return self.written.get(model, 0) + len(self.rows.get(model, []))
