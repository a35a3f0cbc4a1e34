"""Reads that shape campaign pages and API answers, with their joins built in (a fixed number of queries)."""

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import F, FilteredRelation, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from campaigns.models import (
    MATERIAL_LANGUAGE_CODES,
    AwarenessDay,
    Campaign,
    CampaignPartner,
    Event,
    Material,
    MaterialVersion,
    ReachFigure,
)
from portal.taxonomy.models import Country, Theme


def campaign_list(
    *, user, audience: str = "", country: str = "", theme: str = "", state: str = "", today: date | None = None
) -> QuerySet:
    campaigns = (
        Campaign.objects.visible_to(user)
        .select_related("lead_organization")
        .prefetch_related("countries", Prefetch("themes", queryset=Theme.objects.order_by("position")))
    )
    if audience:
        campaigns = campaigns.for_audience(audience)
    if country:
        campaigns = campaigns.filter(countries__code=country.upper())
    if theme:
        campaigns = campaigns.filter(themes__slug=theme)
    if state in Campaign.State.values:
        campaigns = campaigns.in_state(state, today)
    return campaigns.distinct().order_by("-starts", "-pk")


def campaigns_with_everything(user) -> QuerySet:
    """Campaigns with materials (and their languages), events, partners and reach, for the API."""
    return (
        Campaign.objects.visible_to(user)
        .select_related("lead_organization__country")
        .prefetch_related(
            "countries",
            "regions",
            "themes",
            "awareness_days",
            Prefetch(
                "materials",
                queryset=Material.objects.order_by("kind", "pk").prefetch_related(
                    Prefetch("versions", queryset=MaterialVersion.objects.order_by("language"))
                ),
            ),
            Prefetch(
                "events", queryset=Event.objects.select_related("country", "organiser__country").order_by("starts")
            ),
            Prefetch("partnerships", queryset=CampaignPartner.objects.select_related("organization__country")),
            "reach_figures",
        )
        .order_by("-starts", "-pk")
    )


def ordered_languages(codes) -> list[str]:
    present = set(codes)
    return [code for code in MATERIAL_LANGUAGE_CODES if code in present]


@dataclass
class CoverageRow:
    material: Material
    cells: list = field(default_factory=list)  # (language, version or None), in the grid's column order


def coverage_grid(materials) -> tuple[list[str], list[CoverageRow]]:
    """Material × language: which language versions exist, over the languages any material has."""
    materials = list(materials)
    languages = ordered_languages(version.language for m in materials for version in m.versions.all())
    rows = []
    for material in materials:
        by_language = {version.language: version for version in material.versions.all()}
        rows.append(CoverageRow(material, [(code, by_language.get(code)) for code in languages]))
    return languages, rows


def reach_totals(figures) -> list[dict]:
    """Totals per metric, in the order of ReachFigure.Metric, from already-loaded figures."""
    totals: dict[str, int] = {}
    for figure in figures:
        totals[figure.metric] = totals.get(figure.metric, 0) + figure.value
    return [
        {"metric": metric, "label": label, "total": totals[metric]}
        for metric, label in ReachFigure.Metric.choices
        if metric in totals
    ]


def reach_by_country(campaign: Campaign) -> tuple[list[dict], list[dict]]:
    """Totals per country and metric: the metrics present (columns) and one row per country ("" for none)."""
    rows = list(ReachFigure.objects.filter(campaign=campaign).values("country", "metric").annotate(total=Sum("value")))
    # Country names in the active language (values() would give the untranslated column).
    names = Country.objects.in_bulk({row["country"] for row in rows if row["country"]})
    metrics_present = {row["metric"] for row in rows}
    metrics = [{"metric": m, "label": label} for m, label in ReachFigure.Metric.choices if m in metrics_present]
    countries: dict = {}
    for row in rows:
        country = names.get(row["country"])
        entry = countries.setdefault(
            row["country"],
            {"code": country.code if country else "", "name": country.name if country else "", "totals": {}},
        )
        entry["totals"][row["metric"]] = row["total"]
    ordered = sorted(countries.values(), key=lambda entry: (not entry["code"], entry["name"]))
    for entry in ordered:
        entry["cells"] = [entry["totals"].get(metric["metric"]) for metric in metrics]
    return metrics, ordered


def material_library(*, user, kind: str = "", language: str = "", licence: str = "", audience: str = "") -> QuerySet:
    campaigns = Campaign.objects.visible_to(user)
    if audience:
        campaigns = campaigns.for_audience(audience)
    materials = Material.objects.filter(campaign__in=campaigns)
    if kind:
        materials = materials.filter(kind=kind)
    if licence:
        materials = materials.filter(licence=licence)
    if language:
        materials = materials.filter(versions__language=language)
    return (
        materials.select_related("campaign")
        .prefetch_related(Prefetch("versions", queryset=MaterialVersion.objects.order_by("language")))
        .distinct()
        .order_by("campaign__name", "kind", "pk")
    )


def calendar_months(*, user, past: bool = False, now=None) -> list[tuple[date, list[Event]]]:
    """Events of visible campaigns grouped by month: coming ones (default) or past ones, newest first."""
    now = now or timezone.now()
    events = Event.objects.filter(campaign__in=Campaign.objects.visible_to(user)).select_related(
        "campaign", "country", "organiser"
    )
    events = events.filter(ends__lt=now).order_by("-starts") if past else events.filter(ends__gte=now)
    months: OrderedDict[date, list[Event]] = OrderedDict()
    for event in events.order_by("-starts" if past else "starts", "pk"):
        local = timezone.localtime(event.starts)
        months.setdefault(date(local.year, local.month, 1), []).append(event)
    return list(months.items())


def feed_events(*, campaign: Campaign | None = None) -> QuerySet:
    """Events for the iCalendar feeds: published campaigns only, whoever asks (feeds are public)."""
    events = Event.objects.filter(campaign__published=True).select_related("campaign", "country", "organiser")
    if campaign is not None:
        events = events.filter(campaign=campaign)
    return events.order_by("starts", "pk")


@dataclass
class UpcomingDay:
    day: AwarenessDay
    date: date
    campaigns: list


def next_awareness_days(today: date, n: int = 3) -> list[UpcomingDay]:
    """The next `n` awareness days from `today` (included), each with its published campaigns.

    One query (the home page shows it): each day joined to its published campaigns, a row per pair.
    """
    names = {
        "c_name_%s" % code.replace("-", "_"): F("published__name_%s" % code.replace("-", "_"))
        for code, _n in settings.LANGUAGES
    }
    rows = (
        AwarenessDay.objects.annotate(published=FilteredRelation("campaigns", condition=Q(campaigns__published=True)))
        .annotate(
            c_pk=F("published__pk"),
            c_language=F("published__original_language"),
            c_starts=F("published__starts"),
            **names,
        )
        .order_by("pk", "-c_starts")
    )
    days: OrderedDict[int, UpcomingDay] = OrderedDict()
    for row in rows:
        upcoming = days.setdefault(row.pk, UpcomingDay(row, row.next_date(today), []))
        if row.c_pk is not None:
            fields = {name[2:]: getattr(row, name) for name in names}
            upcoming.campaigns.append(Campaign(pk=row.c_pk, original_language=row.c_language, **fields))
    upcoming_days = sorted(days.values(), key=lambda item: (item.date, item.day.pk))
    return upcoming_days[:n]
