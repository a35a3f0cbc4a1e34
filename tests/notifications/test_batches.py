"""Delivery in batches: one on-commit hook per transaction, DELIVERY_BATCH ids per task message, and each row
still locked, checked, sent and marked in a transaction of its own."""

from datetime import timedelta
from smtplib import SMTPRecipientsRefused

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from portal.notifications import tasks
from portal.notifications.models import Notification
from portal.notifications.services import (
    DELIVERY_BATCH,
    notification_deliver,
    notifications_deliver,
    notifications_redispatch,
    notify,
    notify_email,
)

pytestmark = pytest.mark.django_db

ALERT = {"kind": "alert_confirm", "language": "en", "context": {"description": "Forced labour", "url": "/x"}}


def alert_to(address: str) -> Notification:
    return notify_email(email=address, **ALERT)


@pytest.fixture
def published(monkeypatch):
    """The id batches handed to the broker, one list per task message (the task itself still runs)."""
    batches = []
    publish = tasks.deliver_notifications.delay

    def record(notification_ids):
        batches.append(list(notification_ids))
        return publish(notification_ids)

    monkeypatch.setattr(tasks.deliver_notifications, "delay", record)
    return batches


def test_one_transaction_rings_once_and_its_rows_go_out_in_batches_each_sent_once(
    mailoutbox, django_capture_on_commit_callbacks, published
):
    addresses = ["reader%s@example.org" % i for i in range(120)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        rows = [alert_to(address) for address in addresses]
        assert mailoutbox == [] and published == []  # nothing before the commit

    assert len(callbacks) == 1
    assert DELIVERY_BATCH == 50 and [len(batch) for batch in published] == [50, 50, 20]
    assert sum(published, []) == [row.pk for row in rows]
    assert sorted(message.to[0] for message in mailoutbox) == sorted(addresses)
    assert set(Notification.objects.values_list("state", "attempts")) == {("sent", 1)}


def test_rows_of_rolled_back_savepoints_are_not_sent_and_the_others_are(
    mailoutbox, django_capture_on_commit_callbacks, published
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            alert_to("first@example.org")  # the transaction's first row: its hook goes with the savepoint
            raise RuntimeError
        alert_to("kept@example.org")
        with pytest.raises(RuntimeError), transaction.atomic():
            alert_to("undone@example.org")  # joins the hook of the row before, then is rolled back
            raise RuntimeError
        alert_to("also-kept@example.org")

    assert len(callbacks) == 1 and len(published) == 1
    assert sorted(message.to[0] for message in mailoutbox) == ["also-kept@example.org", "kept@example.org"]
    assert set(Notification.objects.values_list("to_email", "state")) == {
        ("kept@example.org", "sent"),
        ("also-kept@example.org", "sent"),
    }


def test_a_rolled_back_transaction_rings_nothing(mailoutbox, django_capture_on_commit_callbacks, published):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        for i in range(60):
            alert_to("reader%s@example.org" % i)
        raise RuntimeError
    assert callbacks == [] and published == [] and mailoutbox == []
    assert not Notification.objects.exists()


def test_two_transactions_ring_once_each(mailoutbox, django_capture_on_commit_callbacks, published):
    with django_capture_on_commit_callbacks(execute=True) as first:
        alert_to("one@example.org")
    with django_capture_on_commit_callbacks(execute=True) as second:
        alert_to("two@example.org")
    assert (len(first), len(second), len(published)) == (1, 1, 2)
    assert [message.to[0] for message in mailoutbox] == ["one@example.org", "two@example.org"]


class RefusingBackend(EmailBackend):
    """The SMTP server refuses one recipient; the others are delivered (to django.core.mail.outbox)."""

    def send_messages(self, messages):
        for message in messages:
            if "refused" in message.to[0]:
                raise SMTPRecipientsRefused({message.to[0]: (550, b"mailbox unavailable")})
        return super().send_messages(messages)


@override_settings(EMAIL_BACKEND="tests.notifications.test_batches.RefusingBackend", NOTIFICATION_MAX_ATTEMPTS=3)
def test_a_failing_message_does_not_stop_its_batch_nor_mark_the_others(
    mailoutbox, django_capture_on_commit_callbacks, published
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        before, refused, after = alert_to("a@example.org"), alert_to("refused@example.org"), alert_to("b@example.org")
    assert len(published) == 1
    assert sorted(message.to[0] for message in mailoutbox) == ["a@example.org", "b@example.org"]
    refused.refresh_from_db()
    assert (refused.state, refused.attempts) == ("pending", 1) and "mailbox unavailable" in refused.last_error

    # The re-dispatch retries the refused row only; its attempts grow until it is marked failed.
    for attempts, state in [(2, "pending"), (3, "failed")]:
        assert notifications_redispatch(now=timezone.now() + timedelta(minutes=2 * attempts)) == 1
        refused.refresh_from_db()
        assert (refused.state, refused.attempts) == (state, attempts)
    assert len(mailoutbox) == 2
    assert set(Notification.objects.filter(pk__in=[before.pk, after.pk]).values_list("state", "attempts")) == {
        ("sent", 1)
    }


def test_a_batch_sends_only_its_pending_rows(user, mailoutbox):
    sent, pending = notify(recipient=user, kind="welcome", context={"url": "/"}), alert_to("new@example.org")
    failed = Notification.objects.create(to_email="gone@example.org", state="failed", attempts=5, **ALERT)
    notification_deliver(notification_id=sent.pk)
    mailoutbox.clear()
    missing = max(sent.pk, pending.pk, failed.pk) + 1000  # a row rolled back, or deleted since

    assert notifications_deliver(notification_ids=[sent.pk, missing, failed.pk, pending.pk, pending.pk]) == 1
    assert [message.to for message in mailoutbox] == [["new@example.org"]]
    assert list(Notification.objects.order_by("pk").values_list("state", "attempts")) == [
        ("sent", 1),  # sent before: not sent again
        ("sent", 1),  # pending: sent once although listed twice
        ("failed", 5),  # out of attempts: left alone
    ]


def test_messages_queued_before_batching_are_still_delivered(mailoutbox):
    notification = Notification.objects.create(to_email="old@example.org", **ALERT)
    tasks.deliver_notification.delay(notification.pk)
    tasks.deliver_notification.delay(notification.pk)
    notification.refresh_from_db()
    assert (notification.state, notification.attempts, len(mailoutbox)) == ("sent", 1, 1)


def test_redispatch_queues_stale_rows_in_batches(mailoutbox, published):
    Notification.objects.bulk_create(Notification(to_email="r%s@example.org" % i, **ALERT) for i in range(120))
    assert notifications_redispatch(now=timezone.now() + timedelta(minutes=2)) == 120
    assert [len(batch) for batch in published] == [50, 50, 20]
    assert len(mailoutbox) == 120
    assert notifications_redispatch(now=timezone.now() + timedelta(minutes=2)) == 0


def test_broker_down_leaves_the_rows_pending_and_the_request_succeeds(
    mailoutbox, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to the broker. Connection refused.")

    with monkeypatch.context() as patch:
        patch.setattr(tasks.deliver_notifications, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            for i in range(120):
                alert_to("reader%s@example.org" % i)
    assert "Could not enqueue 120 notifications" in caplog.text
    assert mailoutbox == [] and set(Notification.objects.values_list("state", flat=True)) == {"pending"}

    assert notifications_redispatch(now=timezone.now() + timedelta(minutes=2)) == 120
    assert len(mailoutbox) == 120


def test_admin_retry_queues_failed_rows_again_and_sends_them_once(
    client, staff_user, password, mailoutbox, django_capture_on_commit_callbacks
):
    failed = [
        Notification.objects.create(to_email="f%s@example.org" % i, state="failed", attempts=5, **ALERT)
        for i in range(3)
    ]
    client.login(username=staff_user.email, password=password)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "retry", "_selected_action": [row.pk for row in failed]},
        )
    assert response.status_code == 302 and len(callbacks) == 1
    assert sorted(message.to[0] for message in mailoutbox) == ["f0@example.org", "f1@example.org", "f2@example.org"]
    assert set(Notification.objects.values_list("state", "attempts")) == {("sent", 1)}


def test_rows_written_after_a_closed_block_ring_their_own_hook(mailoutbox, django_capture_on_commit_callbacks):
    with transaction.atomic():  # a transition run as a savepoint of the test's transaction: its hook waits
        alert_to("earlier@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        alert_to("later@example.org")
    assert len(callbacks) == 1
    assert [message.to[0] for message in mailoutbox] == ["later@example.org"]
