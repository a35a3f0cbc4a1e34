"""Real-browser journeys: Debian's chromium driven by Playwright against the live test server."""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "e2e"


def pytest_collection_modifyitems(config, items):
    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason="chromium is not installed (apt-get install chromium; .ci/run does it)")
        for item in items:
            if "e2e" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser(live_server):
    """One browser per test, closed before the database is flushed.

    Playwright's sync API runs an event loop in this thread while it is open; Django refuses database
    work beside a running loop, so the loop must be gone by the time the test database is cleaned.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
        # Database work done while the loop ran used connections of the loop's context: close them here,
        # or they outlive the test and keep the test database from being dropped.
        from django.db import connections

        connections.close_all()


class Visitor:
    """One person in one browser context, keeping screenshots of each step as test artefacts."""

    def __init__(self, browser, base_url, name, folder):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.base_url = base_url
        self.name = name
        self.folder = folder

    def go(self, path):
        response = self.page.goto(self.base_url + path)
        assert response.status < 400, (path, response.status)
        return response

    def shot(self, step):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(
            path=str(self.folder / ("%s-%s.png" % (self.name, re.sub(r"\W+", "-", step)))), full_page=True
        )

    def login(self, email, password, language="en"):
        self.go("/%s/accounts/login/" % language)
        self.page.fill("#id_username", email)
        self.page.fill("#id_password", password)
        self.page.click("main form button[type=submit]")
        self.page.wait_for_load_state()

    def close(self):
        self.context.close()


@pytest.fixture
def visitor(browser, live_server, request):
    folder = ARTIFACTS / request.node.name
    opened = []

    def open_visitor(name):
        person = Visitor(browser, live_server.url, name, folder)
        opened.append(person)
        return person

    yield open_visitor
    for person in opened:
        person.close()


def serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def celery_worker(live_server):
    """A real Celery worker on the real Redis broker: e-mails leave through the outbox as in production."""
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings

    from portal.celery import app

    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (make test sets it)")
    app.conf.task_always_eager = False
    app.conf.broker_url = settings.REDIS_URL
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1):
            yield app
    finally:
        app.conf.task_always_eager = True


def wait_for_mail(mailoutbox, *, to, containing="", timeout=30):
    """The worker delivers asynchronously: wait for the message instead of assuming it is there."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in reversed(mailoutbox):
            if to in message.to and containing in message.subject + message.body:
                return message
        time.sleep(0.1)
    raise AssertionError("no e-mail to %s containing %r within %ss" % (to, containing, timeout))
