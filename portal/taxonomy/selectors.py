"""Reads of the reference data every page shows."""

import time

from django.conf import settings
from django.core.cache import cache

# Kept in each process for a minute and in the shared cache, both under the search index version: a practice
# page names its countries and themes from here instead of joining four link tables to their terms. Off with
# the search cache (tests); the beat's cache warming fills the shared copy after each index change.
_KEPT: dict[str, tuple[float, dict]] = {}
KEPT_SECONDS = 60


def terms_by_id(model) -> dict:
    """Every term of a taxonomy (countries, themes…) by id; names follow the active language when read."""
    timeout = getattr(settings, "SEARCH_CACHE_TIMEOUT", 0)
    if not timeout:
        return model.objects.in_bulk()
    from portal.search.services import index_version

    key = "taxonomy:terms:%s:%s" % (model._meta.label_lower, index_version())
    now = time.monotonic()
    kept = _KEPT.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    terms = cache.get(key)
    if terms is None:
        terms = model.objects.in_bulk()
        cache.set(key, terms, timeout)
    _KEPT[key] = (now + KEPT_SECONDS, terms)
    for stale in [name for name, (until, _terms) in _KEPT.items() if until <= now]:
        del _KEPT[stale]
    return terms
