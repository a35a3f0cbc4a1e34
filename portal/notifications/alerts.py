"""E-mail alerts on saved searches: double opt-in, digests from the search index, one-click unsubscribe.

What is new is read from portal.search (published after the alert's checkpoint), so this module never
imports an app. Digests go through the outbox with a dedupe key per alert and checkpoint: a second run,
or a run after a crash, sends nothing twice; nothing is sent when nothing is new.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from portal.notifications.models import Alert
from portal.notifications.services import absolute_url, notify_email
from portal.search.query import SearchParams, search

DIGEST_SIZE = 20
INTERVALS = {
    Alert.Frequency.IMMEDIATE: timedelta(0),
    Alert.Frequency.DAILY: timedelta(days=1),
    Alert.Frequency.WEEKLY: timedelta(days=7),
}


def _link(alert: Alert, viewname: str) -> str:
    with translation.override(alert.language):
        return absolute_url(reverse(viewname, kwargs={"token": alert.token}))


def canonical_query(query: QueryDict) -> str:
    """The search parameters that define an alert, in a stable order (pages and formats are not part of it)."""
    params = SearchParams.from_query(query)
    ordered = QueryDict(mutable=True)
    if params.q:
        ordered["q"] = params.q
    for name in sorted(params.filters):
        ordered.setlist(name, sorted(params.filters[name]))
    return ordered.urlencode()


def describe(query: str) -> str:
    params = SearchParams.from_query(QueryDict(query))
    parts = ["“%s”" % params.q] if params.q else []
    parts += ["%s: %s" % (name.replace("_", " "), ", ".join(values)) for name, values in sorted(params.filters.items())]
    return "; ".join(parts) or _("everything newly published")


@transaction.atomic
def alert_subscribe(*, email: str, query: str, frequency: str, language: str, user=None) -> Alert:
    """Create (or update) an alert; unless the address is the signed-in user's own, it waits for confirmation."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": [_("Enter a valid e-mail address.")]}) from None
    if frequency not in Alert.Frequency.values:
        raise ValidationError({"frequency": [_("Choose how often to receive the alert.")]})
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": [_("Choose one of the portal's languages.")]})
    query = canonical_query(QueryDict(query))
    alert = Alert.objects.select_for_update().filter(email=email, query=query).first()
    if alert is None:
        alert = Alert(email=email, query=query, token=secrets.token_urlsafe(32))
    alert.description = describe(query)[:500]
    alert.frequency = frequency
    alert.language = language
    own_address = user is not None and user.is_authenticated and user.email.lower() == email
    if own_address:
        alert.user = user
        if alert.confirmed_at is None:
            alert.confirmed_at = alert.checked_until = timezone.now()
    alert.save()
    if alert.confirmed_at is None:
        notify_email(
            email=email,
            language=language,
            kind="alert_confirm",
            context={"description": alert.description, "url": _link(alert, "notifications:alert_confirm")},
        )
    return alert


@transaction.atomic
def alert_confirm(*, token: str) -> Alert | None:
    alert = Alert.objects.select_for_update().filter(token=token).first()
    if alert is not None and alert.confirmed_at is None:
        alert.confirmed_at = alert.checked_until = timezone.now()
        alert.save(update_fields=["confirmed_at", "checked_until"])
    return alert


def alert_unsubscribe(*, token: str) -> Alert | None:
    """One click from the e-mail: the alert is gone (the page offers to subscribe again)."""
    alert = Alert.objects.filter(token=token).first()
    if alert is not None:
        alert.delete()
    return alert


def alert_update(*, alert: Alert, frequency: str) -> Alert:
    if frequency not in Alert.Frequency.values:
        raise ValidationError({"frequency": [_("Choose how often to receive the alert.")]})
    alert.frequency = frequency
    alert.save(update_fields=["frequency"])
    return alert


def _due(alert: Alert, now: datetime) -> bool:
    return alert.checked_until is not None and alert.checked_until + INTERVALS[alert.frequency] <= now


def alert_digest_send(*, alert: Alert, now: datetime) -> bool:
    """Tell the subscriber what was published since the checkpoint; move the checkpoint. True if sent."""
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update(skip_locked=True).filter(pk=alert.pk, confirmed_at__isnull=False).first()
        )
        if alert is None or not _due(alert, now):
            return False
        params = SearchParams.from_query(QueryDict(alert.query), page_size=DIGEST_SIZE)
        params.since, params.until = alert.checked_until, now
        results = search(params, language=alert.language, newest_first=True, facets=False)
        sent = False
        if results.total:
            with translation.override(alert.language):
                search_url = absolute_url(reverse("site:search")) + "?" + alert.query
            notify_email(
                email=alert.email,
                language=alert.language,
                kind="alert_digest",
                context={
                    "description": alert.description,
                    "count": results.total,
                    "items": [
                        {
                            "title": hit.title,
                            "url": absolute_url(hit.url),
                            "summary": strip_tags(str(hit.snippet))[:280],
                            "type": hit.type_label,
                        }
                        for hit in results.hits
                    ],
                    "more": max(results.total - len(results.hits), 0),
                    "search_url": search_url,
                    "unsubscribe_url": _link(alert, "notifications:alert_unsubscribe"),
                },
                dedupe_key="alert:%s:%s" % (alert.pk, alert.checked_until.isoformat()),
            )
            alert.last_sent_at = now
            sent = True
        alert.checked_until = now
        alert.save(update_fields=["checked_until", "last_sent_at"])
        return sent


def alert_digests_send(*, now: datetime | None = None) -> int:
    """The beat task: every confirmed alert that is due gets its digest, if anything is new."""
    now = now or timezone.now()
    sent = 0
    for alert in Alert.objects.confirmed().only("pk").iterator():
        sent += alert_digest_send(alert=alert, now=now)
    return sent
