"""`make bench-notifications`: 10,000 notifications written in one transaction, queued after commit the way the
portal queues them (`deliver_after_commit`), delivered by a Celery worker with 2 processes to a local SMTP sink
(aiosmtpd); prints the time from commit to the last message queued, the time from commit to the last row sent,
duplicates and losses. Uses the benchmark's database and Redis."""

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COUNT = int(os.environ.get("BENCH_NOTIFICATIONS", "10000"))
SMTP_PORT = int(os.environ.get("BENCH_SMTP_PORT", "2526"))
ENV = {
    **os.environ,
    "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"),
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"),
    "DJANGO_SETTINGS_MODULE": "portal.settings",
    "EMAIL_URL": "smtp://127.0.0.1:%s" % SMTP_PORT,
    "LOG_LEVEL": "WARNING",
}
DOMAIN = "notify.bench.invalid"


class Sink:
    def __init__(self):
        self.received = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            for address in envelope.rcpt_tos:
                self.received[address] += 1
        return "250 OK"


def wait_for_worker(app, worker, seconds=60):
    """Until the worker answers a ping, so its start-up is not counted as delivery time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and worker.poll() is None:
        if app.control.ping(timeout=0.5):
            return
    raise RuntimeError("the Celery worker did not start")


def main():
    os.environ.update(ENV)
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.db import transaction

    from portal.celery import app
    from portal.notifications.models import Notification
    from portal.notifications.services import deliver_after_commit

    Notification.objects.filter(to_email__endswith="@" + DOMAIN).delete()
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=SMTP_PORT)
    controller.start()
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "portal", "worker", "-c", "2", "-Q", "portal",
         "--loglevel", "WARNING"],
        cwd=ROOT,
        env=ENV,
    )  # fmt: skip
    try:
        wait_for_worker(app, worker)
        committed = []
        with transaction.atomic():
            rows = Notification.objects.bulk_create(
                Notification(to_email="n%s@%s" % (i, DOMAIN), kind="alert_confirm", language="en",
                             context={"description": "bench", "url": "http://127.0.0.1/"}, show_in_inbox=False)
                for i in range(COUNT)
            )  # fmt: skip
            ids = [row.pk for row in rows]
            # Hooks run in the order they were registered: this one marks the moment of the commit.
            transaction.on_commit(lambda: committed.append(time.monotonic()))
            deliver_after_commit(ids)
        queued = time.monotonic() - committed[0]
        deadline = committed[0] + 300
        while time.monotonic() < deadline:
            arrived = sum(sink.received.values()) >= COUNT
            if arrived and not Notification.objects.filter(pk__in=ids, state="pending").exists():
                break
            time.sleep(0.1)
        delivered = time.monotonic() - committed[0]
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        controller.stop()
    sent = Notification.objects.filter(pk__in=ids, state="sent").count()
    duplicated = sum(1 for n in sink.received.values() if n > 1)
    lost = COUNT - len(sink.received)
    print(
        "Notifications: %s queued %.2f s after commit (last message published), delivered by 2 worker processes "
        "%.1f s after commit (%.0f/s); %s marked sent; %s duplicated, %s lost."
        % (COUNT, queued, delivered, COUNT / delivered, sent, duplicated, lost)
    )
    Notification.objects.filter(pk__in=ids).delete()


if __name__ == "__main__":
    main()
