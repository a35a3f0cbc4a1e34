from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from portal.notifications import services
from portal.notifications.models import Notification


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
