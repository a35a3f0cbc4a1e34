"""After a publication the beat computes the figures the first visitor would otherwise wait for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.site.tasks import warm_caches
from tests.factories import UserFactory, published_practice

pytestmark = pytest.mark.django_db


def facet_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return sum("unnest(" in query["sql"] for query in context.captured_queries)


def test_the_first_visit_after_a_publication_finds_the_figures_computed(client, settings):
    settings.SEARCH_CACHE_TIMEOUT = 60
    published_practice(UserFactory(roles=["editor"]))  # bumps the index version: every cached figure is stale
    assert facet_queries(client, "/en/search/") == 1  # nobody warmed them: the visitor pays

    published_practice(UserFactory(roles=["editor"]), title="A second practice")
    assert warm_caches.delay().get() is True
    assert warm_caches.delay().get() is False  # once per index version
    assert facet_queries(client, "/en/search/") == 0
    page = client.get("/en/search/").content.decode()
    assert "A second practice" in page


def test_after_warming_a_practice_seen_for_the_first_time_costs_four_queries(client, settings):
    settings.SEARCH_CACHE_TIMEOUT = 60
    practice = published_practice(UserFactory(roles=["editor"]))
    warm_caches.delay().get()
    with CaptureQueriesContext(connection) as context:
        page = client.get("/en/practices/%s/" % practice.pk)
    assert page.status_code == 200 and practice.countries.first().name in page.content.decode()
    # The practice, its links in one statement, its discussions, and its related practices (cached from now on).
    assert len(context.captured_queries) == 4


def test_nothing_is_warmed_when_figures_are_not_cached(settings):
    settings.SEARCH_CACHE_TIMEOUT = 0
    assert warm_caches.delay().get() is False
