"""generate_load_data at a small scale: the same code path as the benchmark's 100,000 practices."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portal.search.models import SearchEntry
from portal.search.query import SearchParams, search
from portal.site.loaddata import clear_load_data, generate
from practices.models import Practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomy():
    call_command("load_taxonomy", stdout=None)


def test_generates_published_practices_with_their_search_entries(taxonomy):
    counts = generate(practices=200, campaigns=5, seed=3, log=lambda message: None)

    practices = list(Practice.objects.prefetch_related("themes", "countries"))
    assert len(practices) == 200 == counts.practices
    assert all(practice.state == Practice.State.PUBLISHED for practice in practices)
    assert all(2 <= len(practice.languages) <= 4 for practice in practices)
    assert all(practice.themes.all() and practice.countries.all() for practice in practices)
    expected = sum(len(practice.languages) for practice in practices)
    assert SearchEntry.objects.filter(type="practice").count() == expected
    assert SearchEntry.objects.filter(type="campaign").values("key").distinct().count() == 5
    assert not SearchEntry.objects.filter(vector__isnull=True).exists()
    # Real words: English stems ("victim" finds "victims"), and facets count the synthetic taxonomy links.
    results = search(SearchParams(q="victim"), language="en")
    assert results.total > 50
    assert results.facets["theme"]


def test_a_second_run_refuses_unless_asked_to_clear(taxonomy):
    call_command("generate_load_data", practices=20, stdout=None)
    with pytest.raises(CommandError, match="--clear"):
        call_command("generate_load_data", practices=20, stdout=None)
    call_command("generate_load_data", practices=30, clear=True, stdout=None)
    assert Practice.objects.count() == 30

    clear_load_data()
    assert not Practice.objects.exists()
    assert not SearchEntry.objects.exists()
