"""The outbox through the real Redis broker and a real Celery worker."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import transaction

from portal.celery import app
from portal.notifications.models import Notification
from portal.notifications.services import notify, notify_email
from tests.factories import UserFactory

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (make test sets it)")


@pytest.fixture
def real_broker():
    app.conf.task_always_eager = False
    app.conf.broker_url = settings.REDIS_URL
    try:
        yield app
    finally:
        app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_committed_notification_is_delivered_by_a_worker_through_redis(real_broker, mailoutbox):
    user = UserFactory()
    with start_worker(real_broker, perform_ping_check=False, pool="solo", concurrency=1):
        notification = notify(recipient=user, kind="welcome", context={"url": "/"})
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            notification.refresh_from_db()
            if notification.state == "sent":
                break
            time.sleep(0.1)
    assert notification.state == Notification.State.SENT
    assert [message.to for message in mailoutbox] == [[user.email]]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transaction_of_120_notifications_is_3_task_messages_each_row_delivered_once(real_broker, mailoutbox):
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    addresses = ["reader%s@example.org" % i for i in range(120)]
    with real_broker.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)
        with transaction.atomic():
            for address in addresses:
                notify_email(
                    email=address, kind="alert_confirm", language="en", context={"description": "d", "url": "/"}
                )
        assert conn.default_channel.queue_declare(queue, passive=True).message_count == 3
    with start_worker(real_broker, perform_ping_check=False, pool="solo", concurrency=1):
        pending = Notification.objects.filter(state="pending")
        deadline = time.monotonic() + 60
        while pending.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(addresses)
    assert set(Notification.objects.values_list("state", "attempts")) == {("sent", 1)}
