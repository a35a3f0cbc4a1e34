from django.conf import settings
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from portal.accounts.services import user_set_preferred_language
from portal.taxonomy.models import Theme


def home(request):
    # portal.site is the one portal package that reads the apps above it (DESIGN.md).
    from campaigns.selectors import next_awareness_days
    from practices.selectors import open_calls, published_practices

    context = {
        "awareness_days": next_awareness_days(timezone.localdate(), 3),
        "themes": Theme.objects.filter(parent__isnull=True).prefetch_related("children"),
        "latest_practices": published_practices()[:3],
        "open_calls": open_calls()[:3],
    }
    return render(request, "site/home.html", context)


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
