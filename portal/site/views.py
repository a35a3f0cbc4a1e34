import csv

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.services import user_set_preferred_language
from portal.site import charts, selectors
from portal.taxonomy.models import Country, Region


def home(request):
    # portal.site is the one portal package that reads the apps above it (DESIGN.md).
    from campaigns.selectors import next_awareness_days

    featured, latest = selectors.home_practices()
    context = {
        "awareness_days": next_awareness_days(timezone.localdate(), 3),
        "themes": selectors.home_themes(),
        "featured_practices": featured,
        "latest_practices": latest,
        "open_calls": selectors.home_open_calls(),
        "current_campaigns": selectors.current_campaigns(),
        "figures": selectors.headline_figures(),
    }
    return render(request, "site/home.html", context)


def countries(request):
    return render(request, "site/countries.html", {"groups": selectors.countries_by_region()})


def country_profile(request, code):
    if code != code.upper():
        return redirect("site:country", code=code.upper(), permanent=True)
    country = get_object_or_404(Country.objects.select_related("subregion__parent"), code=code)
    profile = selectors.country_profile(country)
    context = {"place": country, "kind": "country", "profile": profile, **_theme_chart(request, profile)}
    return render(request, "site/place.html", context)


def region_profile(request, slug):
    region = get_object_or_404(Region.objects.select_related("parent").prefetch_related("children"), slug=slug)
    profile = selectors.region_profile(region)
    context = {
        "place": region,
        "kind": "region",
        "profile": profile,
        "subregions": region.children.all(),
        **_theme_chart(request, profile),
    }
    return render(request, "site/place.html", context)


def _theme_chart(request, profile) -> dict:
    return {"theme_chart": charts.bar_chart(profile.themes, rtl=get_language_bidi())}


STATISTICS_CSV = ("themes", "regions", "countries", "funnel", "reach")


def statistics(request):
    """Figures of the whole portal: each chart drawn as SVG, given as a table, and downloadable as CSV."""
    figures = selectors.statistics()
    chart = request.GET.get("chart", "")
    if request.GET.get("format") == "csv":
        if chart not in STATISTICS_CSV:
            raise Http404
        return _statistics_csv(figures, chart)
    rtl = get_language_bidi()
    counts = {entry.country.code: (entry.country.name, entry.practices) for entry in figures.countries}
    context = {
        "figures": figures,
        "theme_chart": charts.bar_chart(figures.themes, rtl=rtl),
        "region_chart": charts.bar_chart(figures.regions, rtl=rtl),
        "funnel_chart": charts.bar_chart(figures.funnel, rtl=rtl),
        "world": charts.world_map(counts),
    }
    return render(request, "site/statistics.html", context)


def _statistics_csv(figures, chart: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="statistics-%s.csv"' % chart
    writer = csv.writer(response)
    if chart == "countries":
        writer.writerow(["country", "name", "practices"])
        for entry in figures.countries:
            writer.writerow([entry.country.code, entry.country.name, entry.practices])
        return response
    bars = {"themes": figures.themes, "regions": figures.regions, "funnel": figures.funnel, "reach": figures.reach}
    writer.writerow(["key", "label", "value"])
    for bar in bars[chart]:
        writer.writerow([bar.key, bar.label, bar.value])
    if chart == "funnel":
        writer.writerow(["countries", _("Countries of applicants"), figures.funnel_countries])
        writer.writerow(["awarded_amount", _("Amount awarded"), figures.funnel_awarded])
        writer.writerow(["budget", _("Budget of all calls"), figures.funnel_budget])
    return response


@require_POST
def set_language(request):
    """Switch language and stay on the same page; a signed-in user's choice is remembered."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(next_url)
    response = HttpResponseRedirect(translate_url(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    if request.user.is_authenticated:
        user_set_preferred_language(user=request.user, language=language)
    return response


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse("User-agent: *\nAllow: /\nSitemap: %s\n" % sitemap_url, content_type="text/plain")


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    return render(request, "500.html", status=500)
