"""Redis stopped mid-workflow, and a worker killed mid-delivery: the outbox still delivers each message once.

tests/reviews/test_reliability.py covers a purged queue and a broker refused by a stub; here the broker is a
real redis-server process that dies, and the worker a real `celery worker` process that is SIGKILLed.
"""

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction
from django.utils import timezone

from portal.celery import app
from portal.notifications.models import Notification
from portal.notifications.services import notifications_redispatch, notify
from portal.notifications.tasks import redispatch_pending_notifications
from practices.models import Practice
from practices.services import practice_send_to_review, practice_submit
from reviews.services.assignments import assignment_create
from tests.factories import ReviewerProfileFactory, UserFactory, complete_practice
from tests.faults.conftest import wait_until
from tests.faults.mail import sent

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_redis_killed_between_two_transitions_loses_no_notification(broker, mailoutbox, settings):
    editor = UserFactory(roles=["editor"])
    reviewer = ReviewerProfileFactory().user
    practice = complete_practice()

    practice_submit(practice=practice, actor=practice.submitted_by)  # its message reaches Redis…
    assert broker.queued() == 1
    broker.kill()  # …and dies with it: no worker had taken it yet, and Redis keeps no log

    practice_send_to_review(practice=practice, actor=editor)  # Redis is down: the transitions still commit
    practice.refresh_from_db()
    invitation = assignment_create(
        case=practice.review_case, reviewer=reviewer, due=timezone.localdate() + timedelta(days=7), actor=editor
    )
    practice.refresh_from_db()
    assert practice.state == Practice.State.IN_REVIEW and invitation.pk
    pending = Notification.objects.filter(state="pending")
    assert sorted(pending.values_list("kind", flat=True)) == ["practice_submitted", "review_invitation"]
    assert mailoutbox == []

    broker.start()  # back, empty; the beat's re-dispatch (run by the worker through the broker) catches up
    settings.NOTIFICATION_REDISPATCH_AFTER = timedelta(0)
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        redispatch_pending_notifications.delay()
        assert wait_until(lambda: not pending.exists()), list(Notification.objects.values_list("kind", "state"))
        redispatch_pending_notifications.delay()  # a second beat run finds nothing to send
        wait_until(lambda: broker.queued() == 0, 10)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([editor.email, reviewer.email])
    assert set(Notification.objects.values_list("state", "attempts")) == {("sent", 1)}


def test_worker_killed_during_delivery_delivers_once_after_a_new_worker_starts(
    broker, worker_processes, tmp_path, settings
):
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    user = UserFactory()
    first = worker_processes(broker.url, outbox, mail_delay=60)
    notification = notify(recipient=user, kind="welcome", context={"url": "/"})  # enqueued on commit

    assert wait_until(lambda: any(outbox.glob("sending-*")), 60), first.output()
    first.kill()  # SIGKILL in the middle of sending: the row's transaction dies with the connection
    assert sent(outbox) == []
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == ("pending", 0)

    second = worker_processes(broker.url, outbox)
    # acks_late: the killed worker never acknowledged, so Redis still holds the message as unacked (it
    # would give it back after the visibility timeout); the beat re-dispatch does not wait that long.
    assert notifications_redispatch(now=timezone.now() + timedelta(minutes=2)) == 1
    assert wait_until(lambda: Notification.objects.get(pk=notification.pk).state == "sent", 60), second.output()
    assert notifications_redispatch(now=timezone.now() + timedelta(minutes=2)) == 0
    # Unacknowledged message restored later: the task finds the row sent and sends nothing.
    from portal.notifications.tasks import deliver_notification

    deliver_notification.delay(notification.pk)
    assert wait_until(lambda: broker.queued() == 0, 20)
    second.stop()
    assert sent(outbox) == [(user.email, sent(outbox)[0][1])]
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == ("sent", 1)


def test_worker_killed_mid_batch_leaves_the_rest_pending_and_each_is_sent_once(broker, worker_processes, tmp_path):
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    users = [UserFactory() for _ in range(3)]
    # The first message goes through, the second holds the worker inside its send until it is killed.
    first = worker_processes(broker.url, outbox, mail_delay=60, mail_delay_after=1)
    with transaction.atomic():  # one transaction: the three ids travel in one task message
        notifications = [notify(recipient=user, kind="welcome", context={"url": "/"}) for user in users]

    assert wait_until(lambda: len(sent(outbox)) == 1, 60), first.output()
    assert wait_until(lambda: Notification.objects.filter(state="sent").exists(), 10)
    first.kill()
    assert [address for address, _ in sent(outbox)] == [users[0].email]
    states = {n.pk: (n.state, n.attempts) for n in Notification.objects.all()}
    assert [states[n.pk] for n in notifications] == [("sent", 1), ("pending", 0), ("pending", 0)]

    second = worker_processes(broker.url, outbox)
    assert notifications_redispatch(now=timezone.now() + timedelta(minutes=2)) == 2
    assert wait_until(lambda: not Notification.objects.filter(state="pending").exists(), 60), second.output()
    assert notifications_redispatch(now=timezone.now() + timedelta(minutes=2)) == 0
    second.stop()
    assert sorted(address for address, _ in sent(outbox)) == sorted(user.email for user in users)
    assert set(Notification.objects.values_list("state", "attempts")) == {("sent", 1)}
