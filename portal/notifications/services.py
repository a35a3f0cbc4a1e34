"""The notification outbox: write a row with the change, deliver it after commit, never twice."""

import logging
import os
import threading
import time
from collections.abc import Iterable
from datetime import datetime

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portal.notifications.models import Notification

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def link_for(recipient, viewname: str, **kwargs) -> str:
    """An absolute link to a page, in the recipient's language, for the e-mail and the inbox."""

    with translation.override(recipient.preferred_language):
        return absolute_url(reverse(viewname, kwargs=kwargs))


def notify(
    *, recipient, kind: str, context: dict | None = None, dedupe_key: str | None = None, show_in_inbox: bool = True
) -> Notification:
    """Queue a message to `recipient`, rendered later from `notifications/<kind>/` in their language.

    Call it inside the transaction of the change it reports: if that rolls back, nothing is sent.
    """
    return _queue(
        dedupe_key,
        recipient=recipient,
        kind=kind,
        context=context or {},
        language=recipient.preferred_language,
        show_in_inbox=show_in_inbox,
    )


def notify_email(*, email: str, language: str, kind: str, context: dict | None = None, dedupe_key: str | None = None):
    """Queue a message to an address without an account (alert subscribers); never shown in an inbox."""
    return _queue(dedupe_key, to_email=email, kind=kind, context=context or {}, language=language, show_in_inbox=False)


def _queue(dedupe_key: str | None, **fields) -> Notification:
    """Write the outbox row (once per dedupe key) and have it delivered after commit."""
    if dedupe_key:
        notification, created = Notification.objects.get_or_create(dedupe_key=dedupe_key, defaults=fields)
        if not created:
            return notification
    else:
        notification = Notification.objects.create(**fields)
    deliver_after_commit([notification.pk])
    return notification


# Ids per delivery task message. Celery's own cost per task (~15 ms) exceeded a delivery (5-7 ms), and
# publishing one message per row cost a broker round trip each; a batch of 50 keeps a task well under a
# second of work, so a killed worker leaves little to re-dispatch and both processes share a burst.
DELIVERY_BATCH = 50


class _DeliveryDoorbell:
    """The on-commit hook of a transaction: the ids of the outbox rows it wrote, queued in batches."""

    def __init__(self, notification_ids: list[int], *, atomic_blocks: tuple):
        self.notification_ids = notification_ids
        self.atomic_blocks = atomic_blocks  # the savepoints (None: no savepoint) open when it was registered
        self.rung = False

    def __call__(self) -> None:
        self.rung = True
        enqueue_deliveries(self.notification_ids)


def deliver_after_commit(notification_ids: Iterable[int]) -> None:
    """Queue the delivery of these outbox rows once the current transaction commits (at once in autocommit).

    The rows a transaction writes share one on-commit hook, published DELIVERY_BATCH ids per task message. A
    row joins the hook only if every atomic block the hook was registered in is still open around it: a
    rollback that drops the hook then also drops the row. So a row written in a savepoint that rolls back is
    never sent (its id, if it joined an older hook, names no row and delivering it does nothing), and a hook
    registered in a nested block already closed is left alone (the next row registers a new hook), which also
    keeps each transition's rows in its own hook when tests run transitions as savepoints of one transaction.
    """
    notification_ids = list(notification_ids)
    if not notification_ids:
        return
    connection = transaction.get_connection()
    atomic_blocks = tuple(connection.savepoint_ids)
    doorbell = _open_doorbell(connection, atomic_blocks)
    if doorbell is not None:
        doorbell.notification_ids.extend(notification_ids)
    else:
        transaction.on_commit(_DeliveryDoorbell(notification_ids, atomic_blocks=atomic_blocks))


def _open_doorbell(connection, atomic_blocks: tuple) -> _DeliveryDoorbell | None:
    # Django keeps the hooks of the open transaction, minus those of rolled-back savepoints, in
    # `run_on_commit` as (savepoint ids, callable, robust) tuples. A rung hook is one a test ran by hand.
    for _savepoints, hook, _robust in reversed(connection.run_on_commit):
        if (
            isinstance(hook, _DeliveryDoorbell)
            and not hook.rung
            and atomic_blocks[: len(hook.atomic_blocks)] == hook.atomic_blocks
        ):
            return hook
    return None


def enqueue_deliveries(notification_ids: Iterable[int]) -> int:
    """Publish the delivery of these rows now, DELIVERY_BATCH ids per task message; returns how many went out.

    Never raises: if the broker refuses, the rest stay pending (logged) and the beat re-dispatch queues them
    once it is back, so a request that wrote notifications still succeeds.
    """
    from portal.notifications.tasks import deliver_notifications

    notification_ids = list(dict.fromkeys(notification_ids))
    for start in range(0, len(notification_ids), DELIVERY_BATCH):
        batch = notification_ids[start : start + DELIVERY_BATCH]
        try:
            deliver_notifications.delay(batch)
        except Exception:
            logger.warning(
                "Could not enqueue %s notifications (from id %s); they will be re-dispatched.",
                len(notification_ids) - start,
                batch[0],
                exc_info=True,
            )
            return start
    return len(notification_ids)


def render_notification(notification: Notification, *, language: str | None = None) -> dict:
    """Subject, text body and (when a template exists) HTML body, in the given or the row's language."""
    context = {**notification.context, "recipient": notification.recipient, "site_url": settings.SITE_URL}
    with translation.override(language or notification.language):
        prefix = "notifications/%s/" % notification.kind
        subject = " ".join(render_to_string(prefix + "subject.txt", context, using="text").split())
        body = render_to_string(prefix + "body.txt", context, using="text")
        try:
            html = render_to_string(prefix + "body.html", context)
        except TemplateDoesNotExist:
            html = None
    return {"subject": subject, "body": body, "html": html}


# One mail connection per worker process, kept open across deliveries: opening an SMTP session (connect,
# EHLO, STARTTLS, AUTH) for each message cost more than sending it. Keyed by process and backend, reopened
# after any error and after a pause long enough for the server to have dropped an idle session.
MAIL_CONNECTION_IDLE_SECONDS = 30
_mail = threading.local()


def _mail_connection():
    key = (os.getpid(), settings.EMAIL_BACKEND)
    now = time.monotonic()
    if getattr(_mail, "key", None) != key or now - _mail.used > MAIL_CONNECTION_IDLE_SECONDS:
        _mail_connection_close()
        _mail.connection, _mail.key = get_connection(), key
    _mail.used = now
    if hasattr(_mail.connection, "open"):
        _mail.connection.open()  # opened here, so send() leaves it open for the next delivery
    return _mail.connection


def _mail_connection_close() -> None:
    connection, _mail.connection, _mail.key = getattr(_mail, "connection", None), None, None
    if connection is not None and hasattr(connection, "close"):
        try:
            connection.close()
        except Exception:
            logger.debug("Closing the mail connection failed.", exc_info=True)


def _list_headers(notification: Notification) -> dict[str, str]:
    """Mail that a subscriber can stop carries the address to stop it where mail clients show an unsubscribe
    button, which POSTs to it in one click (RFC 2369, RFC 8058)."""
    url = notification.context.get("unsubscribe_url")
    if not url:
        return {}
    return {"List-Unsubscribe": "<%s>" % url, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def notification_deliver(*, notification_id: int) -> Notification | None:
    """Send one pending notification by e-mail; a sent or failed row, or one being sent, is left alone."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, state=Notification.State.PENDING)
            .first()
        )
        if notification is None:
            return None
        notification.attempts += 1
        notification.last_attempt_at = timezone.now()
        try:
            rendered = render_notification(notification)
            message = EmailMultiAlternatives(
                subject=rendered["subject"],
                body=rendered["body"],
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[notification.address],
                connection=_mail_connection(),
                headers=_list_headers(notification),
            )
            if rendered["html"]:
                message.attach_alternative(rendered["html"], "text/html")
            message.send()
        except SoftTimeLimitExceeded:
            raise  # the task is out of time: the row rolls back untouched, the re-dispatch retries it
        except Exception as exc:
            _mail_connection_close()  # whatever failed, the next delivery starts a fresh session
            notification.last_error = "%s: %s" % (type(exc).__name__, exc)
            if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
                notification.state = Notification.State.FAILED
            logger.warning("Notification %s not delivered (attempt %s).", notification.pk, notification.attempts)
        else:
            notification.state = Notification.State.SENT
            notification.sent_at = notification.last_attempt_at
            notification.last_error = ""
        notification.save(update_fields=["attempts", "last_attempt_at", "state", "sent_at", "last_error"])
        return notification


def notifications_deliver(*, notification_ids: Iterable[int]) -> int:
    """Deliver each id as `notification_deliver` does, each in its own transaction; returns how many were sent.

    A row is marked sent in the transaction of its own send, so a worker killed mid-batch leaves the rows it
    had not reached pending for the re-dispatch, and the rows it had sent marked sent. One message failing
    (recorded on its row) or crashing (logged) does not stop the others.
    """
    sent = 0
    for notification_id in notification_ids:
        try:
            notification = notification_deliver(notification_id=notification_id)
        except SoftTimeLimitExceeded:
            raise
        except Exception:
            logger.exception(
                "Notification %s: delivery crashed; it stays pending for the re-dispatch.", notification_id
            )
            continue
        if notification is not None and notification.state == Notification.State.SENT:
            sent += 1
    return sent


def notifications_redispatch(*, now: datetime | None = None, batch: int = 500) -> int:
    """Re-enqueue rows still pending after a while: a lost broker message or a killed worker loses nothing."""
    cutoff = (now or timezone.now()) - settings.NOTIFICATION_REDISPATCH_AFTER
    ids = list(
        Notification.objects.filter(state=Notification.State.PENDING, created_at__lt=cutoff)
        .exclude(last_attempt_at__gte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:batch]
    )
    enqueue_deliveries(ids)
    return len(ids)


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.inbox_of(user).unread().update(read_at=timezone.now())
