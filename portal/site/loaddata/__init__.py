"""Synthetic published content at scale, for the benchmark (`manage.py generate_load_data`).

Everything is written with COPY: organisations, practices in 2–4 languages, their taxonomy links, campaigns,
and the search entries, whose vectors PostgreSQL computes in one INSERT … SELECT. Synthetic rows are
recognisable by their organisations ("[load] …") and accounts (…@load.invalid), which is how a second run
finds and clears them.
"""

import csv
import io
import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import JSONField

from campaigns.models import Campaign
from portal.accounts.models import Organization, User
from portal.search.models import SCOPE_RANK
from portal.search.services import bump_index_version
from portal.search.text import CONFIGS, normalise
from portal.site.loaddata.vocabulary import RARE, WORDS
from portal.taxonomy.models import Country, ExploitationForm, Sector, TargetGroup, Theme
from practices.models import TRANSLATED_FIELDS, Practice, field_in

ORG_PREFIX = "[load] "
EMAIL_DOMAIN = "load.invalid"
LANGUAGE_WEIGHTS = {"en": 40, "fr": 15, "es": 15, "ru": 8, "ar": 8, "pt": 6, "hi": 4, "zh-hans": 4}
BODY_LENGTHS = {"description": 60, "objectives": 12, "activities": 12, "results": 10, "lessons_learned": 8}
RARE_PROBABILITY = 0.01


class LoadDataExists(Exception):
    pass


@dataclass
class Counts:
    organisations: int = 0
    practices: int = 0
    campaigns: int = 0
    search_entries: int = 0


def synthetic_exists() -> bool:
    return Organization.objects.filter(name__startswith=ORG_PREFIX).exists()


@transaction.atomic
def clear_load_data() -> None:
    """Remove every synthetic row (and only those) with set-based deletes."""
    orgs = "SELECT id FROM accounts_organization WHERE name LIKE %s"
    prefix = ORG_PREFIX + "%"
    with connection.cursor() as cursor:
        practices = "SELECT id FROM practices_practice WHERE organization_id IN (%s)" % orgs
        campaigns = "SELECT id FROM campaigns_campaign WHERE lead_organization_id IN (%s)" % orgs
        cursor.execute(
            "DELETE FROM search_searchentry WHERE (type = 'practice' AND object_id IN (%s)) "
            "OR (type = 'campaign' AND object_id IN (%s))" % (practices, campaigns),
            [prefix, prefix],
        )
        for relation in ("countries", "themes", "exploitation_forms", "target_groups", "sectors"):
            cursor.execute(
                "DELETE FROM practices_practice_%s WHERE practice_id IN (%s)" % (relation, practices), [prefix]
            )
        for relation in ("countries", "themes", "regions"):
            cursor.execute(
                "DELETE FROM campaigns_campaign_%s WHERE campaign_id IN (%s)" % (relation, campaigns), [prefix]
            )
        cursor.execute("DELETE FROM practices_practice WHERE organization_id IN (%s)" % orgs, [prefix])
        cursor.execute("DELETE FROM campaigns_campaign WHERE lead_organization_id IN (%s)" % orgs, [prefix])
        cursor.execute("DELETE FROM accounts_organization WHERE name LIKE %s", [prefix])
        cursor.execute("DELETE FROM accounts_user WHERE email LIKE %s", ["%@" + EMAIL_DOMAIN])
    bump_index_version()


class _Text:
    """Zipf-like sentences in one language: word k is drawn with weight 1/k."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.words = {code: words.split() for code, words in WORDS.items()}
        self.weights = {code: [1 / rank for rank in range(1, len(words) + 1)] for code, words in self.words.items()}
        self.rare = {code: words.split() for code, words in RARE.items()}

    def words_in(self, language: str, count: int) -> list[str]:
        return self.rng.choices(self.words[language], self.weights[language], k=count)

    def sentence(self, language: str, count: int) -> str:
        words = self.words_in(language, count)
        if language == "zh-hans":
            return "".join(words) + "。"
        return " ".join(words).capitalize() + "."

    def practice(self, language: str) -> dict[str, str]:
        texts = {"title": " ".join(self.words_in(language, 5)).capitalize(), "summary": self.sentence(language, 25)}
        for field_name, length in BODY_LENGTHS.items():
            texts[field_name] = self.sentence(language, length)
        for word in self.rare[language]:
            if self.rng.random() < RARE_PROBABILITY:
                texts["description"] += " " + word
        return texts


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["\\N" if value is None else value for value in row])
    buffer.seek(0)
    cursor.copy_expert("COPY %s (%s) FROM STDIN WITH (FORMAT csv, NULL '\\N')" % (table, ", ".join(columns)), buffer)


def _csv_value(field, value):
    if value is None:
        return None
    if isinstance(field, JSONField):
        return json.dumps(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _next_ids(cursor, table: str, count: int) -> list[int]:
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
    return [row[0] for row in cursor.fetchall()]


def _copy_models(cursor, model, rows: list[dict]) -> None:
    """COPY model rows given as {attname: value}; missing fields take their defaults."""
    fields = list(model._meta.concrete_fields)
    now = datetime.now(UTC)
    values = []
    for row in rows:
        line = []
        for field in fields:
            if field.attname in row:
                value = row[field.attname]
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            else:
                value = field.get_default()
            line.append(_csv_value(field, value))
        values.append(line)
    _copy(cursor, model._meta.db_table, [field.column for field in fields], values)


def _array(values) -> str:
    return "{%s}" % ",".join(str(value) for value in values)


def _pick(rng, ids: list[int], low: int, high: int) -> list[int]:
    return sorted(rng.sample(ids, min(rng.randint(low, high), len(ids))))


def _languages(rng) -> list[str]:
    codes, weights = list(LANGUAGE_WEIGHTS), list(LANGUAGE_WEIGHTS.values())
    original = rng.choices(codes, weights)[0]
    chosen = {original}
    wanted = rng.randint(2, 4)
    while len(chosen) < wanted:
        chosen.add(rng.choices(codes, weights)[0])
    return [original] + sorted(chosen - {original})


_ENTRY_COLUMNS = [
    "key", "type", "object_id", "language", "is_original", "original_language", "languages", "title",
    "title_norm", "summary", "body", "path", "countries", "regions", "themes", "exploitation_forms",
    "target_groups", "sectors", "scope", "scope_rank", "published", "year",
]  # fmt: skip
_CJK_CLASS = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


def _insert_entries(cursor, entries: list[list]) -> int:
    """Stage the entries, then let PostgreSQL compute every vector in one INSERT … SELECT."""
    cursor.execute(
        "CREATE TEMP TABLE load_entries ON COMMIT DROP AS SELECT %s FROM search_searchentry WITH NO DATA"
        % ", ".join(_ENTRY_COLUMNS)
    )
    _copy(cursor, "load_entries", _ENTRY_COLUMNS, entries)
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
    columns = ", ".join(_ENTRY_COLUMNS)
    cursor.execute(
        "INSERT INTO search_searchentry (%s, vector, indexed_at) SELECT %s, %s, now() FROM load_entries"
        % (columns, columns, vector)
    )
    inserted = cursor.rowcount
    cursor.execute("DROP TABLE load_entries")
    return inserted


def generate(*, practices: int, campaigns: int = 0, seed: int = 1, clear: bool = False, log=print) -> Counts:
    if connection.vendor != "postgresql":
        raise RuntimeError("generate_load_data writes with COPY: it needs PostgreSQL.")
    if synthetic_exists():
        if not clear:
            raise LoadDataExists("Synthetic data is already loaded; run with --clear to replace it.")
        log("Clearing the previous synthetic data…")
        clear_load_data()
    rng = random.Random(seed)
    text = _Text(rng)
    countries = dict(Country.objects.values_list("pk", "subregion_id"))
    if not countries:
        raise RuntimeError("No countries: run `manage.py load_taxonomy` first.")
    parents = dict(Country.objects.values_list("subregion_id", "subregion__parent_id"))
    country_ids = sorted(countries)
    taxonomy = {
        "themes": list(Theme.objects.values_list("pk", flat=True)),
        "exploitation_forms": list(ExploitationForm.objects.values_list("pk", flat=True)),
        "target_groups": list(TargetGroup.objects.values_list("pk", flat=True)),
        "sectors": list(Sector.objects.values_list("pk", flat=True)),
    }
    scopes = [choice for choice, _label in Practice.Scope.choices]
    counts = Counts()
    now = datetime.now(UTC).replace(microsecond=0)
    with transaction.atomic(), connection.cursor() as cursor:
        n_orgs = max(practices // 40, 5)
        user_ids = _next_ids(cursor, User._meta.db_table, n_orgs)
        _copy_models(
            cursor,
            User,
            [
                {"id": pk, "email": "member%s@%s" % (pk, EMAIL_DOMAIN), "password": "!", "full_name": "Load %s" % pk}
                for pk in user_ids
            ],
        )
        org_ids = _next_ids(cursor, Organization._meta.db_table, n_orgs)
        _copy_models(
            cursor,
            Organization,
            [
                {
                    "id": pk,
                    "name": "%sOrganisation %s" % (ORG_PREFIX, pk),
                    "kind": "ngo",
                    "country_id": rng.choice(country_ids),
                }
                for pk in org_ids
            ],
        )
        counts.organisations = n_orgs
        log("%s organisations." % n_orgs)
        practice_ids = _next_ids(cursor, Practice._meta.db_table, practices)
        links = {name: [] for name in ("countries", *taxonomy)}
        rows, entries = [], []
        for index, pk in enumerate(practice_ids):
            languages = _languages(rng)
            original = languages[0]
            scope = rng.choice(scopes)
            published = now - timedelta(seconds=rng.randint(0, 8 * 365 * 86400))
            chosen = {
                "countries": _pick(rng, country_ids, 1, 1 if scope in ("national", "local") else 4),
                "themes": _pick(rng, taxonomy["themes"], 1, 3),
                "exploitation_forms": _pick(rng, taxonomy["exploitation_forms"], 0, 2),
                "target_groups": _pick(rng, taxonomy["target_groups"], 1, 3),
                "sectors": _pick(rng, taxonomy["sectors"], 1, 2),
            }
            for name, ids in chosen.items():
                links[name].extend((pk, value) for value in ids)
            regions = sorted({r for c in chosen["countries"] for r in (countries[c], parents.get(countries[c])) if r})
            row = {
                "id": pk,
                "organization_id": org_ids[index % n_orgs],
                "submitted_by_id": user_ids[index % n_orgs],
                "original_language": original,
                "scope": scope,
                "state": Practice.State.PUBLISHED,
                "implementation_status": "completed",
                "budget_range": rng.choice(["under_10k", "10k_50k", "50k_250k", "over_250k"]),
                "no_victim_data": True,
                "submitted_at": published - timedelta(days=30),
                "published_at": published,
            }
            for language in languages:
                texts = text.practice(language)
                for field_name in TRANSLATED_FIELDS:
                    row[field_in(field_name, language)] = texts.get(field_name, "")
                    if language == original:
                        row[field_name] = texts.get(field_name, "")
                body = "\n".join(texts.get(f, "") for f in TRANSLATED_FIELDS if f not in ("title", "summary"))
                entries.append(
                    [
                        "practice:%s" % pk, "practice", pk, language, language == original, original,
                        _array(sorted(languages)), texts["title"], normalise(texts["title"]), texts["summary"], body,
                        "/practices/%s/" % pk, _array(chosen["countries"]), _array(regions), _array(chosen["themes"]),
                        _array(chosen["exploitation_forms"]), _array(chosen["target_groups"]),
                        _array(chosen["sectors"]), scope, SCOPE_RANK.get(scope, SCOPE_RANK[""]),
                        published.isoformat(), published.year,
                    ]
                )  # fmt: skip
            rows.append(row)
            if len(rows) == 5000 or index == len(practice_ids) - 1:
                _copy_models(cursor, Practice, rows)
                rows = []
                log("%s practices…" % (index + 1))
        counts.practices = practices
        for name, pairs in links.items():
            column = {"countries": "country", "themes": "theme", "exploitation_forms": "exploitationform"}.get(
                name, name[:-1].replace("_", "")
            )
            _copy(cursor, "practices_practice_%s" % name, ["practice_id", "%s_id" % column], pairs)
        if campaigns:
            entries += _campaigns(cursor, rng, text, campaigns, org_ids, user_ids, country_ids, taxonomy["themes"], now)
            counts.campaigns = campaigns
        log("Computing %s search vectors…" % len(entries))
        counts.search_entries = _insert_entries(cursor, entries)
    with connection.cursor() as cursor:
        # Every table written above (link tables included: without statistics the planner reads a prefetch of
        # 50 practices' countries by walking all 250 countries, 200 ms instead of 1 ms). VACUUM also sets the
        # visibility map, without which an index-only scan reads the heap too: the API's page 1,601 reads its
        # ids in 5–15 ms with it, ~200 ms (a sequential scan and a sort) without. VACUUM cannot run in a transaction
        # (a test's), where ANALYZE alone does; autovacuum sets the map later.
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    bump_index_version()
    return counts


def _campaigns(cursor, rng, text, count, org_ids, user_ids, country_ids, theme_ids, now) -> list[list]:
    ids = _next_ids(cursor, Campaign._meta.db_table, count)
    rows, entries, countries, themes = [], [], [], []
    for index, pk in enumerate(ids):
        languages = _languages(rng)
        original = languages[0]
        published = now - timedelta(seconds=rng.randint(0, 4 * 365 * 86400))
        chosen_countries = _pick(rng, country_ids, 1, 3)
        chosen_themes = _pick(rng, theme_ids, 1, 2)
        countries += [(pk, c) for c in chosen_countries]
        themes += [(pk, t) for t in chosen_themes]
        row = {
            "id": pk,
            "original_language": original,
            "lead_organization_id": org_ids[index % len(org_ids)],
            "created_by_id": user_ids[index % len(user_ids)],
            "starts": published.date(),
            "ends": published.date() + timedelta(days=rng.randint(30, 400)),
            "published": True,
            "published_at": published,
        }
        scope = "national" if len(chosen_countries) == 1 else "multi_country"
        for language in languages:
            texts = text.practice(language)
            values = {
                "name": texts["title"],
                "summary": texts["summary"],
                "description": texts["description"],
                "objectives": texts["objectives"],
                "key_messages": texts["results"],
            }
            for field_name, value in values.items():
                row["%s_%s" % (field_name, language.replace("-", "_"))] = value
                if language == original:
                    row[field_name] = value
            entries.append(
                [
                    "campaign:%s" % pk, "campaign", pk, language, language == original, original,
                    _array(sorted(languages)), texts["title"], normalise(texts["title"]), texts["summary"],
                    "\n".join((texts["description"], texts["objectives"], texts["results"])),
                    "/campaigns/%s/" % pk, _array(chosen_countries), "{}", _array(chosen_themes), "{}", "{}", "{}",
                    scope, SCOPE_RANK[scope], published.isoformat(), published.year,
                ]
            )  # fmt: skip
        rows.append(row)
    _copy_models(cursor, Campaign, rows)
    _copy(cursor, "campaigns_campaign_countries", ["campaign_id", "country_id"], countries)
    _copy(cursor, "campaigns_campaign_themes", ["campaign_id", "theme_id"], themes)
    return entries
