"""The index's two verbs: index an object's documents, remove an object. Call them inside the transition."""

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from portal.search.documents import Document, registered_types
from portal.search.models import SCOPE_RANK, SearchEntry
from portal.search.text import config_for, normalise, split_cjk
from portal.taxonomy.models import Country

_VECTOR_SQL = (
    "setweight(to_tsvector(%s::regconfig, %s), 'A') || "
    "setweight(to_tsvector(%s::regconfig, %s), 'B') || "
    "setweight(to_tsvector(%s::regconfig, %s), 'C')"
)


# Cached search figures (facet counts, totals) are keyed by this version: any change to the index bumps it.
INDEX_VERSION_KEY = "search:index-version"


def index_version() -> str:
    version = cache.get(INDEX_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(INDEX_VERSION_KEY, version, timeout=None)
        version = cache.get(INDEX_VERSION_KEY, version)
    return version


def cached_until_index_changes(name: str, compute, *, cap: int | None = None):
    """`compute()`, cached under `name` until the index next changes (SEARCH_CACHE_TIMEOUT; 0: not cached): for
    figures and lists read from indexed content. `cap` bounds the life of a value that also reads rows the index
    does not follow. `compute()` must not return None."""
    timeout = getattr(settings, "SEARCH_CACHE_TIMEOUT", 0)
    if not timeout:
        return compute()
    key = "%s:%s" % (name, index_version())
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, min(timeout, cap) if cap else timeout)
    return value


def bump_index_version() -> None:
    """Now, so this transaction's own reads see fresh figures, and again after commit, so no other request
    caches figures computed from the index as it was before the commit."""

    def bump():
        cache.set(INDEX_VERSION_KEY, uuid.uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)


def _regions(country_ids: Iterable[int]) -> list[int]:
    regions = set()
    for subregion_id, region_id in Country.objects.filter(pk__in=list(country_ids)).values_list(
        "subregion_id", "subregion__parent_id"
    ):
        regions.update(pk for pk in (subregion_id, region_id) if pk)
    return sorted(regions)


def _entry(document: Document, regions: list[int]) -> SearchEntry:
    return SearchEntry(
        key=document.key,
        type=document.type,
        object_id=document.object_id,
        language=document.language,
        is_original=document.language == document.original_language,
        original_language=document.original_language,
        languages=sorted(set(document.languages) | {document.language}),
        title=document.title[:500],
        title_norm=normalise(document.title)[:500],
        summary=document.summary,
        body=document.body,
        path=document.path,
        countries=sorted(set(document.countries)),
        regions=sorted(set(regions) | set(document.regions)),
        themes=sorted(set(document.themes)),
        exploitation_forms=sorted(set(document.exploitation_forms)),
        target_groups=sorted(set(document.target_groups)),
        sectors=sorted(set(document.sectors)),
        scope=document.scope,
        scope_rank=SCOPE_RANK.get(document.scope, SCOPE_RANK[""]),
        published=document.published,
        year=document.published.year,
    )


def _vectors(entries: list[SearchEntry]) -> None:
    if connection.vendor != "postgresql" or not entries:
        return
    rows = []
    for entry in entries:
        config = config_for(entry.language)
        texts = [entry.title, entry.summary, entry.body]
        if entry.language == "zh-hans":
            texts = [split_cjk(text) for text in texts]
        rows.append((config, texts[0], config, texts[1], config, texts[2], entry.pk))
    with connection.cursor() as cursor:
        cursor.executemany("UPDATE search_searchentry SET vector = %s WHERE id = %%s" % _VECTOR_SQL, rows)


@transaction.atomic
def index_documents(key: str, documents: list[Document]) -> list[SearchEntry]:
    """Replace every entry of one object (all its languages) with these documents."""
    SearchEntry.objects.filter(key=key).delete()
    bump_index_version()
    if not documents:
        return []
    regions = _regions({country for document in documents for country in document.countries})
    entries = SearchEntry.objects.bulk_create([_entry(document, regions) for document in documents])
    if any(entry.pk is None for entry in entries):  # backends that do not return ids from bulk inserts
        entries = list(SearchEntry.objects.filter(key=key))
    _vectors(entries)
    return entries


def remove_document(key: str) -> int:
    deleted, _ = SearchEntry.objects.filter(key=key).delete()
    bump_index_version()
    return deleted


def rebuild_index(types: Iterable[str] | None = None) -> int:
    """Re-index every published object of the registered types (after a change of the index format)."""
    count = 0
    for key, content_type in registered_types().items():
        if types and key not in types:
            continue
        with transaction.atomic():
            SearchEntry.objects.filter(type=key).delete()
            for documents in content_type.all_documents():
                if documents:
                    count += len(index_documents(documents[0].key, documents))
    return count
