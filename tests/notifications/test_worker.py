"""The outbox through the real Redis broker and a real Celery worker."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from portal.celery import app
from portal.notifications.models import Notification
from portal.notifications.services import notify
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
