"""Reads of the reference data every page shows."""

import time

from django.conf import settings

from portal.search.services import cached_until_index_changes, index_version

# Kept in each process for a minute and in the shared cache, both under the search index version: a practice
# page names its countries and themes from here instead of joining four link tables to their terms. Off with
# the search cache (tests); the beat's cache warming fills the shared copy after each index change.
_KEPT: dict[tuple[str, str], tuple[float, dict]] = {}
KEPT_SECONDS = 60


def terms_by_id(model) -> dict:
    """Every term of a taxonomy (countries, themes…) by id; names follow the active language when read."""
    if not getattr(settings, "SEARCH_CACHE_TIMEOUT", 0):
        return model.objects.in_bulk()
    name = "taxonomy:terms:%s" % model._meta.label_lower
    key = (name, index_version())
    now = time.monotonic()
    kept = _KEPT.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    terms = cached_until_index_changes(name, model.objects.in_bulk)
    _KEPT[key] = (now + KEPT_SECONDS, terms)
    for stale in [name for name, (until, _terms) in _KEPT.items() if until <= now]:
        del _KEPT[stale]
    return terms
