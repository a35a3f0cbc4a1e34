"""The search page and the feeds of any search: everything reads portal.search, nothing else."""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.notifications.models import Alert
from portal.notifications.services import absolute_url
from portal.search.query import FACETS, SearchParams, search


def _facet_labels() -> dict[str, str]:
    return {
        "type": _("Type"),
        "country": _("Country"),
        "region": _("Region"),
        "theme": _("Theme"),
        "exploitation_form": _("Form of exploitation"),
        "target_group": _("Target group"),
        "sector": _("Sector"),
        "language": _("Language"),
        "year": _("Year"),
        "scope": _("Geographic scope"),
    }


def query_string(params: SearchParams, **changes) -> str:
    """The URL query of a search, with some parameters changed (a facet toggled, another page)."""
    pairs = [("q", params.q)] if params.q else []
    filters = {name: list(values) for name, values in params.filters.items()}
    for name, value in changes.items():
        if name == "page":
            continue
        values = filters.setdefault(name, [])
        if value in values:
            values.remove(value)
        else:
            values.append(value)
    for name in FACETS:
        pairs += [(name, value) for value in filters.get(name, [])]
    if changes.get("page", 1) != 1:
        pairs.append(("page", changes["page"]))
    return urlencode(pairs)


def search_page(request):
    params = SearchParams.from_query(request.GET)
    results = search(params, language=get_language())
    labels = _facet_labels()
    facets = [
        {
            "name": name,
            "label": labels[name],
            "values": [
                {"value": value, "url": "?" + query_string(params, **{name: value.value})} for value in values[:12]
            ],
        }
        for name, values in results.facets.items()
        if values
    ]
    active = [
        {"name": name, "label": labels[name], "value": value, "url": "?" + query_string(params, **{name: value})}
        for name, values in params.filters.items()
        for value in values
    ]
    context = {
        "alert_frequencies": Alert.Frequency.choices,
        "results": results,
        "facets": facets,
        "active": active,
        "feed_query": query_string(params),
        "previous_url": "?" + query_string(params, page=params.page - 1) if results.has_previous else "",
        "next_url": "?" + query_string(params, page=params.page + 1) if results.has_next else "",
    }
    return render(request, "site/search.html", context)


class SearchFeed(Feed):
    """RSS 2.0 of the newest published items matching any search (the same parameters as the search page)."""

    def get_object(self, request):
        params = SearchParams.from_query(request.GET, page_size=30)
        params.page = 1
        # Newest first, whatever the relevance: a feed is about what is new.
        return {"params": params, "language": get_language(), "query": request.GET.urlencode()}

    def title(self, obj):
        q = obj["params"].q
        return _("Knowledge portal: %(query)s") % {"query": q} if q else _("Knowledge portal: newly published")

    def link(self, obj):
        return "%s?%s" % (reverse("site:search"), obj["query"])

    def description(self, obj):
        return _("Good practices, awareness campaigns and funded projects newly published on the portal.")

    def items(self, obj):
        results = search(obj["params"], language=obj["language"], newest_first=True)
        return results.hits

    def item_title(self, hit):
        return hit.title

    def item_description(self, hit):
        return strip_tags(str(hit.snippet))

    def item_link(self, hit):
        return absolute_url(hit.url)

    def item_guid(self, hit):
        # The original-language page: the same item keeps its id whatever the feed's language.
        return absolute_url("/%s%s" % (hit.original_language, hit.path))

    item_guid_is_permalink = False

    def item_pubdate(self, hit):
        return hit.published

    def item_categories(self, hit):
        return [hit.type_label]


class SearchAtomFeed(SearchFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
