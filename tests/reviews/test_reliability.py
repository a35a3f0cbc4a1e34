"""Faults, with a real Celery worker and the real Redis broker (DESIGN.md "Notifications without loss")."""

import threading
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from portal.celery import app
from portal.notifications.models import Notification
from portal.notifications.services import notification_deliver, notifications_redispatch
from reviews.services.assignments import assignment_create
from reviews.services.reviewing import review_save
from tests.factories import ReviewerProfileFactory, UserFactory, review_case

pytestmark = [
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (make test sets it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def real_broker():
    app.conf.task_always_eager = False
    try:
        yield app
    finally:
        app.conf.task_always_eager = True


def wait_until(predicate, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def submit_a_review(editor):
    case = review_case()
    assignment = assignment_create(
        case=case, reviewer=ReviewerProfileFactory().user, due=timezone.localdate() + timedelta(days=5), actor=editor
    )
    scores = {str(c.pk): 4 for c in case.rubric.criteria.all()}
    review_save(assignment=assignment, actor=assignment.reviewer, scores=scores, recommendation="accept", submit=True)


def deliver_pending_with_a_worker():
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1):
        assert notifications_redispatch(now=timezone.now() + timedelta(minutes=2)) == 2  # invitation + review
        delivered = wait_until(lambda: not Notification.objects.filter(state="pending").exists())
    assert delivered, list(Notification.objects.values_list("kind", "state", "attempts", "last_error"))


def test_messages_lost_by_the_broker_are_redelivered_by_the_beat_redispatch(real_broker, owner_callback, mailoutbox):
    editor = UserFactory(roles=["editor"])
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE)
        submit_a_review(editor)  # published to Redis, no worker running yet
        # Redis restarted without persistence: every queued task is gone (DESIGN.md).
        assert conn.default_channel.queue_purge(settings.CELERY_TASK_DEFAULT_QUEUE) == 2
    assert Notification.objects.get(kind="review_submitted").state == "pending"
    deliver_pending_with_a_worker()
    assert [m.to for m in mailoutbox if "submitted" in m.subject] == [[editor.email]]


def test_review_submitted_while_the_broker_is_down_reaches_the_editor_once_it_is_back(
    real_broker, owner_callback, mailoutbox, monkeypatch
):
    from kombu.exceptions import OperationalError

    from portal.notifications import tasks

    editor = UserFactory(roles=["editor"])

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to the broker. Connection refused.")

    with monkeypatch.context() as patch:
        patch.setattr(tasks.deliver_notifications, "delay", broker_down)
        submit_a_review(editor)  # the request still succeeds: the outbox row waits
    assert Notification.objects.get(kind="review_submitted").state == "pending"
    deliver_pending_with_a_worker()
    assert [m.to for m in mailoutbox if "submitted" in m.subject] == [[editor.email]]


def test_a_delivery_in_progress_is_never_doubled(mailoutbox):
    """A second delivery (a re-dispatch while the first worker still holds the row) sends nothing."""
    user = UserFactory()
    notification = Notification.objects.create(recipient=user, kind="welcome", context={"url": "/"}, language="en")
    locked, release = threading.Event(), threading.Event()

    def first_worker():
        with transaction.atomic():
            Notification.objects.select_for_update().get(pk=notification.pk)
            locked.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=first_worker)
    thread.start()
    assert locked.wait(10)
    assert notification_deliver(notification_id=notification.pk) is None  # skipped: row locked elsewhere
    release.set()
    thread.join()
    assert mailoutbox == []
    notification_deliver(notification_id=notification.pk)
    notification_deliver(notification_id=notification.pk)
    assert len(mailoutbox) == 1
