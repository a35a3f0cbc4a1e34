from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from portal.errors import user_message
from portal.notifications import alerts, services
from portal.notifications.models import Alert, Notification


@login_required
def inbox(request):
    page = Paginator(Notification.objects.inbox_of(request.user), 20).get_page(request.GET.get("page"))
    items = [
        {"notification": notification, **services.render_notification(notification, language=request.LANGUAGE_CODE)}
        for notification in page
    ]
    return render(request, "notifications/inbox.html", {"page": page, "items": items})


@require_POST
@login_required
def mark_read(request, pk):
    notification = get_object_or_404(Notification.objects.inbox_of(request.user), pk=pk)
    services.notification_mark_read(notification=notification)
    url = notification.context.get("url", "")
    allowed_hosts = {request.get_host(), urlsplit(settings.SITE_URL).netloc}
    if request.POST.get("open") and url_has_allowed_host_and_scheme(url, allowed_hosts=allowed_hosts):
        return redirect(url)
    return redirect("notifications:inbox")


@require_POST
@login_required
def mark_all_read(request):
    services.notifications_mark_all_read(user=request.user)
    return redirect("notifications:inbox")


@require_POST
def alert_subscribe(request):
    """From the search page: follow this search by e-mail."""
    query = request.POST.get("query", "")
    try:
        alert = alerts.alert_subscribe(
            email=request.POST.get("email", ""),
            query=query,
            frequency=request.POST.get("frequency", ""),
            language=request.POST.get("language") or request.LANGUAGE_CODE,
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, user_message(error))
    else:
        if alert.confirmed_at:
            messages.success(request, _("Your alert is saved. You can change or stop it on “My alerts”."))
        else:
            messages.success(
                request,
                _("Almost done: open the link we sent to %(email)s to confirm the alert.") % {"email": alert.email},
            )
    return redirect("%s?%s" % (reverse("site:search"), query))


def alert_confirm(request, token):
    alert = alerts.alert_confirm(token=token)
    return render(request, "notifications/alert_confirmed.html", {"alert": alert}, status=200 if alert else 404)


# The token in the address is the credential; mail clients send the one-click POST (RFC 8058) without a form.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def alert_unsubscribe(request, token):
    """GET asks (mail scanners that open links stop nothing); POST stops the alert, from the page or from the
    mail client's own unsubscribe button (List-Unsubscribe-Post)."""
    if request.method == "GET":
        alert = Alert.objects.filter(token=token).first()
        template = "notifications/alert_unsubscribe.html"
    else:
        alert = alerts.alert_unsubscribe(token=token)
        template = "notifications/alert_unsubscribed.html"
    return render(request, template, {"alert": alert}, status=200 if alert else 404)


@login_required
def my_alerts(request):
    user_alerts = Alert.objects.of(request.user)
    if request.method == "POST":
        alert = get_object_or_404(user_alerts, pk=request.POST.get("alert") or 0)
        if request.POST.get("action") == "delete":
            alert.delete()
            messages.success(request, _("The alert is deleted."))
        else:
            try:
                alerts.alert_update(alert=alert, frequency=request.POST.get("frequency", ""))
            except ValidationError as error:
                messages.error(request, user_message(error))
            else:
                messages.success(request, _("Saved."))
        return redirect("notifications:alerts")
    return render(request, "notifications/alerts.html", {"alerts": user_alerts, "frequencies": Alert.Frequency.choices})
