"""The knowledge pages in a real browser, checked with axe; the quick exit leaves and leaves no way back."""

import pytest
from django.core.management import call_command

from tests.e2e.conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEUTRAL = "https://www.google.com/search?q=weather"


def test_home_profiles_and_statistics_are_accessible(visitor):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed with the process
    person = visitor("reader")
    for path, step in (
        ("/en/", "home"),
        ("/en/countries/", "countries"),
        ("/en/countries/NA/", "country"),
        ("/en/regions/africa/", "region"),
        ("/en/statistics/", "statistics"),
        ("/ar/statistics/", "statistics-arabic"),
    ):
        person.go(path)
        person.shot(step)
        assert serious_violations(person.page) == [], path
    # From the statistics table to a country profile, and from there to the practice.
    person.go("/en/statistics/")
    person.page.click("#countries-table a:text('Namibia')")
    person.page.wait_for_url("**/en/countries/NA/")
    person.page.click("main a:text('Community child-protection committees along cattle and fishing routes')")
    person.page.wait_for_load_state()
    assert "/en/practices/" in person.page.url


def neutral_site(route):
    route.fulfill(status=200, content_type="text/html", body="<!DOCTYPE html><title>Weather</title><p>Sunny</p>")


def test_quick_exit_leaves_for_a_neutral_site_and_replaces_the_history_entry(visitor):
    person = visitor("leaver")
    person.context.route("https://www.google.com/**", neutral_site)
    page = person.page
    person.go("/en/statistics/")
    length = page.evaluate("history.length")
    # Reachable by keyboard: the second Tab stop, after the skip link.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Quick exit"
    page.keyboard.press("Enter")
    page.wait_for_url(NEUTRAL)
    assert page.title() == "Weather"
    assert page.evaluate("history.length") == length  # replaced, not added
    page.go_back()
    # Back leads to what came before the portal (the browser's blank start page here), not to the portal.
    assert not page.url.startswith(person.base_url), page.url
    # And a sent Referer would tell the neutral site where the reader came from.
    headers = {}
    person.context.route(
        "https://www.google.com/**", lambda route: (headers.update(route.request.headers), neutral_site(route))
    )
    person.go("/en/countries/")
    page.click("a.quick-exit")
    page.wait_for_url(NEUTRAL)
    assert "referer" not in {name.lower() for name in headers}


def test_escape_twice_leaves_too(visitor):
    person = visitor("escaper")
    person.context.route("https://www.google.com/**", neutral_site)
    page = person.page
    person.go("/en/")
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    assert page.url.endswith("/en/")  # once is not enough: Escape also closes menus and dialogs
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)


def test_without_javascript_the_quick_exit_is_a_plain_link(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    try:
        context.route("https://www.google.com/**", neutral_site)
        page = context.new_page()
        page.goto(live_server.url + "/en/")
        page.click("a.quick-exit")
        page.wait_for_url(NEUTRAL)
        assert page.title() == "Weather"
    finally:
        context.close()
