"""Fault injection: a throwaway Redis of our own as the broker (the shared one is never stopped), real
Celery workers (in this process or as `celery worker` subprocesses) and the real PostgreSQL test database."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from portal.celery import app

ROOT = Path(__file__).resolve().parent.parent.parent
REDIS_SERVER = shutil.which("redis-server")


def wait_until(predicate, seconds=30, interval=0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayRedis:
    """A redis-server process without persistence, like Debian's default: killing it loses every queued task."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.url = "redis://127.0.0.1:%s/0" % self.port
        self.folder = folder
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.folder), "--logfile", str(self.folder / "redis.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        assert wait_until(lambda: _pings(client), 10), "throwaway redis-server did not start"

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def queued(self, queue=None) -> int:
        return redis.Redis(port=self.port).llen(queue or settings.CELERY_TASK_DEFAULT_QUEUE)


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.exceptions.ConnectionError:
        return False


@pytest.fixture
def throwaway_redis(tmp_path):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = ThrowawayRedis(tmp_path)
    server.start()
    yield server
    server.kill()


def _forget_broker_connections():
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(throwaway_redis):
    """This process publishes to the throwaway Redis, for real (not eagerly)."""
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = throwaway_redis.url
    app.conf.task_always_eager = False
    _forget_broker_connections()
    try:
        yield throwaway_redis
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        _forget_broker_connections()


class WorkerProcess:
    """`celery -A portal worker` in its own process, on the test database and the throwaway broker; e-mails
    go to files in `outbox` so the test can count them (tests/faults/mail.py)."""

    def __init__(self, broker_url: str, outbox: Path, *, mail_delay: float = 0, mail_delay_after: int = 0):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
            "FAULT_DATABASE_NAME": connection.settings_dict["NAME"],
            "FAULT_BROKER_URL": broker_url,
            "FAULT_OUTBOX": str(outbox),
            "FAULT_MAIL_DELAY": str(mail_delay),
            "FAULT_MAIL_DELAY_AFTER": str(mail_delay_after),
        }
        command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "--concurrency=1"]
        command += ["-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "--without-mingle", "--without-gossip", "-l", "info"]
        self.log = outbox / ("worker-%s.log" % time.monotonic_ns())
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
        )

    def kill(self):
        """SIGKILL, as the OOM killer or a lost machine would: no clean-up runs."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def worker_processes():
    started = []

    def start(broker_url, outbox, **options):
        worker = WorkerProcess(broker_url, outbox, **options)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
