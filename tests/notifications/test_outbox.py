from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from portal.notifications.models import Notification
from portal.notifications.services import notification_deliver, notifications_redispatch, notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notification_written_in_a_rolled_back_transaction_is_never_sent(
    user, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(recipient=user, kind="welcome", context={"url": "/"})
        raise RuntimeError("the change that caused it failed")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert notifications_redispatch(now=timezone.now() + timedelta(hours=1)) == 0
    assert mailoutbox == []


def test_committed_notification_is_sent_after_commit_in_the_recipients_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notify(recipient=user, kind="email_confirmation", context={"url": "https://x/confirm"})
    # Nothing is sent before the transaction commits.
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    notification.refresh_from_db()
    assert notification.state == "sent" and notification.attempts == 1 and notification.sent_at
    assert mailoutbox[0].subject == "Confirmez votre adresse électronique"
    assert "https://x/confirm" in mailoutbox[0].body


def test_a_sent_notification_is_never_sent_twice(user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=user, kind="welcome", context={"url": "/"})
    notification_deliver(notification_id=notification.pk)
    notification_deliver(notification_id=notification.pk)
    assert notifications_redispatch(now=timezone.now() + timedelta(hours=1)) == 0
    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_same_dedupe_key_sends_once(user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(recipient=user, kind="welcome", context={"url": "/"}, dedupe_key="welcome:%s" % user.pk)
        second = notify(recipient=user, kind="welcome", context={"url": "/"}, dedupe_key="welcome:%s" % user.pk)
    assert first.pk == second.pk
    assert len(mailoutbox) == 1


def test_pending_notification_is_redispatched_and_delivered(user, mailoutbox, django_capture_on_commit_callbacks):
    # The broker lost the message: the row stays pending and nothing was delivered.
    with django_capture_on_commit_callbacks(execute=False):
        notification = notify(recipient=user, kind="welcome", context={"url": "/"})
    assert mailoutbox == []

    # Too recent to re-dispatch: the first delivery may still be on its way.
    assert notifications_redispatch() == 0
    assert notifications_redispatch(now=timezone.now() + timedelta(minutes=2)) == 1
    notification.refresh_from_db()
    assert notification.state == "sent"
    assert len(mailoutbox) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


@override_settings(EMAIL_BACKEND="tests.notifications.test_outbox.BrokenBackend", NOTIFICATION_MAX_ATTEMPTS=2)
def test_failed_delivery_is_recorded_retried_then_marked_failed(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=user, kind="welcome", context={"url": "/"})
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == ("pending", 1)
    assert "SMTP server down" in notification.last_error

    assert notifications_redispatch(now=timezone.now() + timedelta(minutes=2)) == 1
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == ("failed", 2)
    assert notifications_redispatch(now=timezone.now() + timedelta(minutes=4)) == 0


def test_inbox_lists_notifications_in_the_viewers_language_with_unread_count(client, password):
    user = UserFactory(preferred_language="en")
    notify(recipient=user, kind="organization_verified", context={"organization": "Safe Passage", "url": "/en/"})
    notify(recipient=user, kind="password_reset", context={"url": "/x"}, show_in_inbox=False)
    client.login(username=user.email, password=password)

    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Safe Passage is verified" in page
    assert "Choose a new password" not in page
    assert "1 unread" in page

    notification = Notification.objects.get(kind="organization_verified")
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]), {"open": "1"})
    assert response["Location"] == "/en/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "unread" not in client.get(reverse("notifications:inbox")).content.decode()


def test_nobody_reads_or_marks_someone_elses_notification(client, password):
    owner, other = UserFactory(), UserFactory()
    notification = notify(recipient=owner, kind="welcome", context={"url": "/"})
    client.login(username=other.email, password=password)
    assert client.post(reverse("notifications:mark_read", args=[notification.pk])).status_code == 404
    assert "welcome" not in client.get(reverse("notifications:inbox")).content.decode().lower()


def test_mark_all_read(client, user, password):
    for _ in range(3):
        notify(recipient=user, kind="welcome", context={"url": "/"})
    client.login(username=user.email, password=password)
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_plain_text_emails_are_not_html_escaped(user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=user, kind="organization_verified", context={"organization": "L'ONG R&D", "url": "/?a=1&b=2"})
    assert mailoutbox[0].subject == "L'ONG R&D is verified"
    assert "/?a=1&b=2" in mailoutbox[0].body
