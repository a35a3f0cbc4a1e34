"""Reads for the public knowledge pages: home, country and region profiles, countries index, statistics.

portal.site is the one portal package that reads the apps above it (DESIGN.md). Every function runs a
fixed number of queries, whatever the amount of content: lists are cut, counts are aggregates.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Event, ReachFigure
from grants.models import Grant
from grants.selectors import call_funnel, funded_projects
from grants.selectors import open_calls as open_grant_calls
from portal.accounts.models import Organization
from portal.search.query import SearchParams, search
from portal.search.services import cached_until_index_changes, index_version
from portal.site.charts import Bar
from portal.site.models import FeaturedPractice
from portal.taxonomy.models import Country, ExploitationForm, Region, TargetGroup, Theme
from portal.taxonomy.selectors import terms_by_id
from practices.models import Practice, PracticeCall
from practices.selectors import published_practices

HOME_PRACTICES = 3
PROFILE_LIST_LIMIT = 10


@dataclass
class Money:
    currency: str
    amount: Decimal


@dataclass
class Headline:
    practices: int
    countries: int
    organizations: int
    projects: int
    funded: list[Money]
    campaigns: int


def _countries_with_content() -> Q:
    """Countries named by a published practice, a funded project (its organisation's or its proposal's) or
    a published campaign: a condition of subqueries, so counting them is one query."""
    return (
        Q(pk__in=Practice.objects.published().values("countries"))
        | Q(pk__in=Grant.objects.values("organization__country"))
        | Q(pk__in=Grant.objects.values("proposal__countries"))
        | Q(pk__in=Campaign.objects.published().values("countries"))
    )


def countries_with_content() -> QuerySet:
    return Country.objects.filter(_countries_with_content())


def funded_totals(grants: QuerySet) -> tuple[int, list[Money]]:
    rows = list(grants.order_by().values("currency").annotate(n=Count("pk"), total=Sum("amount")))
    rows.sort(key=lambda row: row["currency"])
    return sum(row["n"] for row in rows), [Money(row["currency"], row["total"]) for row in rows]


def warm_caches() -> bool:
    """Compute, once per index version, what the first visitor after a publication would otherwise wait for:
    the search page's totals and facet counts over everything (0.6 s at 100,000 practices), the home page's
    figures and the taxonomy terms practice pages name. Run by the beat every 30 seconds; False when there was
    nothing to do."""
    timeout = getattr(settings, "SEARCH_CACHE_TIMEOUT", 0)
    if not timeout:
        return False
    if not cache.add("site:warmed:%s" % index_version(), True, timeout):
        return False
    headline_figures()
    home_themes()
    search(SearchParams(), language=settings.LANGUAGE_CODE)
    for model in (Country, Theme, ExploitationForm, TargetGroup):
        terms_by_id(model)
    return True


def headline_figures() -> Headline:
    """Counted over every published row, so cached: verified organisations are not indexed, hence the cap."""
    return cached_until_index_changes("site:headline", _headline_figures, cap=300)


def home_themes() -> list[Theme]:
    """The top-level themes with their children: reference data, cached briefly like the search facets' terms."""

    def compute():
        children = Prefetch("children", queryset=Theme.objects.order_by("position", "slug"))
        return list(Theme.objects.filter(parent__isnull=True).prefetch_related(children))

    return cached_until_index_changes("site:home-themes", compute, cap=600)


def _headline_figures() -> Headline:
    projects, funded = funded_totals(Grant.objects.all())
    return Headline(
        practices=Practice.objects.published().count(),
        countries=countries_with_content().count(),
        organizations=Organization.objects.filter(verified_at__isnull=False).count(),
        projects=projects,
        funded=funded,
        campaigns=Campaign.objects.published().count(),
    )


def home_practices() -> tuple[list[Practice], list[Practice]]:
    """The editors' featured practices (published ones only), then the latest others: two queries."""
    featured = [
        row.practice
        for row in FeaturedPractice.objects.filter(practice__state=Practice.State.PUBLISHED).select_related(
            "practice__organization__country"
        )[:HOME_PRACTICES]
    ]
    shown = {practice.pk for practice in featured}
    latest = (
        Practice.objects.published()
        .select_related("organization__country")
        .order_by("-published_at", "-pk")[: HOME_PRACTICES + len(shown)]
    )
    return featured, [practice for practice in latest if practice.pk not in shown][:HOME_PRACTICES]


@dataclass
class OpenCall:
    kind: str  # "practice" or "grant"
    call: object
    deadline: object


def home_open_calls(limit: int = 4) -> list[OpenCall]:
    """Open calls for practices and for grant proposals together, soonest deadline first (two queries)."""
    calls = [OpenCall("practice", call, call.deadline) for call in PracticeCall.objects.open().order_by("deadline")]
    calls += [OpenCall("grant", call, call.closes) for call in open_grant_calls()]
    calls.sort(key=lambda item: item.deadline)
    return calls[:limit]


def current_campaigns(today: date | None = None, limit: int = 3) -> list[Campaign]:
    return list(Campaign.objects.published().active(today).order_by("ends", "pk")[:limit])


# --- places -----------------------------------------------------------------------------------------


@dataclass
class PlaceProfile:
    practices: list[Practice]
    practice_count: int
    projects: list[Grant]
    project_count: int
    funded: list[Money]
    campaigns: list[Campaign]
    campaign_count: int
    events: list[Event]
    organization_count: int
    themes: list[Bar] = field(default_factory=list)


def place_profile(*, countries: QuerySet, regions: list[int], now=None, cache_as: str = "") -> PlaceProfile:
    """Published content of a set of countries; campaigns aimed at one of `regions` count too.

    The country set is passed as a query and used as a subquery, so a region costs what a country costs.
    Practices, projects and campaigns (lists, counts, themes) are indexed content, cached as `cache_as` until the
    index next changes; events (they pass with time) and registered organisations are read on each request.
    """
    now = now or timezone.now()
    country_ids = countries.values("pk")

    def indexed_content() -> dict:
        practices = published_practices().filter(countries__in=country_ids)
        grants = funded_projects().filter(
            Q(organization__country__in=country_ids) | Q(proposal__countries__in=country_ids)
        )
        campaigns = (
            Campaign.objects.published()
            .filter(Q(countries__in=country_ids) | Q(regions__in=regions))
            .distinct()
            .order_by("-starts", "-pk")
        )
        project_count, funded = funded_totals(Grant.objects.filter(pk__in=grants.order_by().values("pk")))
        themes = (
            Theme.objects.filter(practice__in=practices.order_by().values("pk"))
            .annotate(n=Count("practice", distinct=True))
            .order_by("-n", "position", "slug")
        )
        return {
            "practices": list(practices[:PROFILE_LIST_LIMIT]),
            "practice_count": practices.count(),
            "projects": list(grants[:PROFILE_LIST_LIMIT]),
            "project_count": project_count,
            "funded": funded,
            "campaigns": list(campaigns[:PROFILE_LIST_LIMIT]),
            "campaign_count": campaigns.count(),
            "themes": list(themes),  # instances: their names are read in the request's language
        }

    content = cached_until_index_changes("site:place:%s" % cache_as, indexed_content) if cache_as else indexed_content()
    events = (
        Event.objects.filter(campaign__published=True, country__in=country_ids, ends__gte=now)
        .select_related("campaign", "country")
        .order_by("starts", "pk")
    )
    return PlaceProfile(
        practices=content["practices"],
        practice_count=content["practice_count"],
        projects=content["projects"],
        project_count=content["project_count"],
        funded=content["funded"],
        campaigns=content["campaigns"],
        campaign_count=content["campaign_count"],
        events=list(events[:PROFILE_LIST_LIMIT]),
        organization_count=Organization.objects.filter(country__in=country_ids).count(),
        themes=[Bar(theme.slug, theme.name, theme.n) for theme in content["themes"]],
    )


def country_profile(country: Country) -> PlaceProfile:
    regions = [pk for pk in (country.subregion_id, country.subregion.parent_id if country.subregion else None) if pk]
    return place_profile(
        countries=Country.objects.filter(pk=country.pk), regions=regions, cache_as="country:%s" % country.pk
    )


def region_countries(region: Region) -> QuerySet:
    return Country.objects.filter(Q(subregion=region) | Q(subregion__parent=region))


def region_profile(region: Region) -> PlaceProfile:
    """A region with its sub-regions and their countries; campaigns aimed at it, a sub-region or its parent."""
    regions = [region.pk, *(child.pk for child in region.children.all())]
    if region.parent_id:
        regions.append(region.parent_id)
    return place_profile(countries=region_countries(region), regions=regions, cache_as="region:%s" % region.pk)


@dataclass
class CountryEntry:
    country: Country
    practices: int = 0
    projects: int = 0
    campaigns: int = 0


@dataclass
class RegionGroup:
    region: Region | None
    subregions: list[tuple[Region, list[CountryEntry]]] = field(default_factory=list)


def country_content() -> dict[int, CountryEntry]:
    """Every country with published content, with how much of each kind: four queries."""
    practices = dict(
        Practice.objects.published()
        .filter(countries__isnull=False)
        .order_by()
        .values_list("countries")
        .annotate(n=Count("pk", distinct=True))
    )
    projects: dict[int, set] = defaultdict(set)
    pairs = (
        Grant.objects.order_by()
        .values_list("organization__country", "pk")
        .union(
            Grant.objects.filter(proposal__countries__isnull=False).order_by().values_list("proposal__countries", "pk")
        )
    )
    for country_id, grant_id in pairs:
        projects[country_id].add(grant_id)
    campaigns = dict(
        Campaign.objects.published()
        .filter(countries__isnull=False)
        .order_by()
        .values_list("countries")
        .annotate(n=Count("pk", distinct=True))
    )
    ids = set(practices) | set(projects) | set(campaigns)
    countries = Country.objects.filter(pk__in=ids).select_related("subregion__parent")
    return {
        country.pk: CountryEntry(
            country,
            practices=practices.get(country.pk, 0),
            projects=len(projects.get(country.pk, ())),
            campaigns=campaigns.get(country.pk, 0),
        )
        for country in countries
    }


def countries_by_region() -> list[RegionGroup]:
    """Countries with content, grouped by region and sub-region in the M49 order, names alphabetical."""
    entries = country_content().values()
    by_subregion: dict = defaultdict(list)
    for entry in entries:
        by_subregion[entry.country.subregion].append(entry)
    groups: dict = {}
    for subregion in sorted(
        (s for s in by_subregion if s is not None), key=lambda s: (s.parent.position if s.parent else 0, s.position)
    ):
        group = groups.setdefault(subregion.parent_id, RegionGroup(subregion.parent))
        group.subregions.append((subregion, sorted(by_subregion[subregion], key=lambda e: e.country.name)))
    ordered = list(groups.values())
    if None in by_subregion:  # Antarctica, or a territory M49 places nowhere
        ordered.append(RegionGroup(None, [(None, sorted(by_subregion[None], key=lambda e: e.country.name))]))
    return ordered


# --- statistics -------------------------------------------------------------------------------------


@dataclass
class Statistics:
    themes: list[Bar]
    regions: list[Bar]
    countries: list[CountryEntry]
    funnel: list[Bar]
    funnel_countries: int
    funnel_awarded: Decimal
    funnel_budget: Decimal
    reach: list[Bar]


def practices_by_theme() -> list[Bar]:
    themes = Theme.objects.annotate(
        n=Count("practice", filter=Q(practice__state=Practice.State.PUBLISHED), distinct=True)
    ).order_by("position", "slug")
    return [Bar(theme.slug, theme.name, theme.n) for theme in themes]


def practices_by_region() -> list[Bar]:
    """Published practices per M49 region; a practice in two regions counts in both."""
    published = Q(children__countries__practice__state=Practice.State.PUBLISHED)
    regions = (
        Region.objects.filter(parent__isnull=True)
        .annotate(n=Count("children__countries__practice", filter=published, distinct=True))
        .order_by("position", "slug")
    )
    return [Bar(region.slug, region.name, region.n, reverse("site:region", args=[region.slug])) for region in regions]


def practices_by_country() -> list[CountryEntry]:
    """Countries with a published practice, most practices first: two queries."""
    counts = dict(
        Practice.objects.published()
        .filter(countries__isnull=False)
        .order_by()
        .values_list("countries")
        .annotate(n=Count("pk", distinct=True))
    )
    entries = [CountryEntry(country, practices=counts[country.pk]) for country in Country.objects.filter(pk__in=counts)]
    return sorted(entries, key=lambda entry: (-entry.practices, entry.country.name))


def reach_totals() -> list[Bar]:
    """Reach figures of published campaigns, added up per metric (units differ: one bar chart per metric)."""
    totals = dict(
        ReachFigure.objects.filter(campaign__published=True)
        .order_by()
        .values_list("metric")
        .annotate(total=Sum("value"))
    )
    return [Bar(metric, label, totals[metric]) for metric, label in ReachFigure.Metric.choices if metric in totals]


def statistics() -> Statistics:
    funnel = call_funnel(None)
    return Statistics(
        themes=practices_by_theme(),
        regions=practices_by_region(),
        countries=practices_by_country(),
        funnel=[Bar(key, label, value) for key, label, value in funnel.steps],
        funnel_countries=funnel.countries,
        funnel_awarded=funnel.awarded_amount,
        funnel_budget=funnel.budget,
        reach=reach_totals(),
    )
