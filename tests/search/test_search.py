"""The unified search on PostgreSQL: languages, stemming, accents, Chinese, typos, syntax, facets, order."""

import pytest
from django.http import QueryDict

from portal.search.models import SearchEntry
from portal.search.query import SearchParams, search
from portal.search.services import rebuild_index
from portal.taxonomy.models import Country, Theme
from practices.services import practice_archive, practice_translate
from tests.factories import UserFactory, published_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(roles=["editor"])


def find(q="", language="en", **filters):
    query = QueryDict(mutable=True)
    query["q"] = q
    for name, value in filters.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    return search(SearchParams.from_query(query), language=language)


def titles(results):
    return [hit.title for hit in results.hits]


def test_publishing_indexes_every_language_and_archiving_removes_it(editor):
    practice = published_practice(editor, title="La traite des femmes dans les ports", language="fr")
    practice_translate(practice=practice, actor=editor, language="es", title="La trata de mujeres en los puertos")
    assert set(SearchEntry.objects.filter(key="practice:%s" % practice.pk).values_list("language", flat=True)) == {
        "fr",
        "es",
    }
    practice_archive(practice=practice, actor=editor)
    assert not SearchEntry.objects.exists()


def test_french_stemming_and_accents(editor):
    published_practice(editor, title="Accueil des personnes déplacées victimes de la traite", language="fr")
    assert titles(find("traites"))
    assert titles(find("deplacees"))
    assert titles(find("DÉPLACÉES"))


def test_a_query_in_spanish_finds_the_spanish_translation_and_shows_it_to_a_spanish_reader(editor):
    practice = published_practice(
        editor, title="Refuges pour survivantes", summary="Un réseau de refuges.", language="fr"
    )
    practice_translate(
        practice=practice,
        actor=editor,
        language="es",
        title="Refugios para sobrevivientes",
        summary="Una red de refugios.",
    )
    results = find("refugios", language="es")
    assert titles(results) == ["Refugios para sobrevivientes"]
    assert results.hits[0].url == "/es/practices/%s/" % practice.pk
    # A French reader finding it through the Spanish words sees the French original.
    assert titles(find("sobrevivientes", language="fr")) == ["Refuges pour survivantes"]


def test_chinese_is_searched_by_characters(editor):
    published_practice(editor, title="打击贩运人口的社区网络", summary="社区志愿者帮助受害者。", language="zh-hans")
    assert titles(find("贩运", language="zh-hans")) == ["打击贩运人口的社区网络"]
    assert titles(find("受害者", language="zh-hans"))
    assert not titles(find("渔业", language="zh-hans"))


def test_typos_still_find_the_title(editor):
    published_practice(editor, title="Labour inspections against trafficking in fishing", language="en")
    assert titles(find("trafficing fishng"))


def test_near_misses_are_added_only_while_the_words_as_typed_find_less_than_a_page(editor, monkeypatch):
    monkeypatch.setattr("portal.search.query.TYPO_WHEN_FEWER", 2)
    published_practice(editor, title="Community shelters for survivors", language="en")
    published_practice(editor, title="Communal kitchens and shelter", language="en")  # near "community", not it
    assert sorted(titles(find("community"))) == ["Communal kitchens and shelter", "Community shelters for survivors"]
    published_practice(editor, title="Community radio against trafficking", language="en")
    # Two items now have the word itself: the near-miss is no longer added.
    assert sorted(titles(find("community"))) == [
        "Community radio against trafficking",
        "Community shelters for survivors",
    ]


def test_phrases_and_exclusions(editor):
    published_practice(editor, title="Forced labour in fishing fleets", language="en")
    published_practice(editor, title="Labour rights for domestic workers, not forced", language="en")
    assert titles(find('"forced labour"')) == ["Forced labour in fishing fleets"]
    assert titles(find("labour -fishing")) == ["Labour rights for domestic workers, not forced"]


@pytest.mark.parametrize(
    "q", ["!!&(:*", "') OR 1=1 --", "a" * 5000, "<script>alert(1)</script>", "foo | & ! <->", "Ñandú 中文 العربية"]
)
def test_syntax_cannot_break_the_query(editor, q):
    published_practice(editor, title="Safe migration corridors", language="en")
    results = find(q)
    assert results.total >= 0


def test_facets_count_the_matching_objects(editor):
    published_practice(editor, title="Shelter network Morocco one", countries=[Country.objects.get(code="MA")])
    published_practice(editor, title="Shelter network Morocco two", countries=[Country.objects.get(code="MA")])
    published_practice(editor, title="Shelter network Peru", countries=[Country.objects.get(code="PE")])
    results = find("shelter")
    countries = {facet.value: facet.count for facet in results.facets["country"]}
    assert countries == {"MA": 2, "PE": 1}
    regions = {facet.value: facet.count for facet in results.facets["region"]}
    assert regions["africa"] == 2 and regions["americas"] == 1
    assert {facet.value: facet.count for facet in results.facets["type"]} == {"practice": 3}
    filtered = find("shelter", country="ma")
    assert filtered.total == 2 and all(facet.selected for facet in filtered.facets["country"] if facet.value == "MA")
    by_region = find(region="latin-america-and-the-caribbean")
    assert titles(by_region) == ["Shelter network Peru"]


def test_every_facet_is_counted_whatever_the_language_an_object_matched_in(editor):
    practice = published_practice(editor, title="Shelter network Morocco", countries=[Country.objects.get(code="MA")])
    practice_translate(practice=practice, language="es", title="Red de refugios en Marruecos", actor=editor)
    entry = SearchEntry.objects.get(key="practice:%s" % practice.pk, language="es")
    assert "es" in entry.languages and len(entry.languages) >= 2
    for results in (find("shelter"), find("refugios"), find()):
        counts = {name: {facet.value: facet.count for facet in values} for name, values in results.facets.items()}
        assert counts["language"] == dict.fromkeys(entry.languages, 1)
        assert counts["year"] == {str(entry.year): 1}
        assert counts["scope"] == ({entry.scope: 1} if entry.scope else {})
        assert sum(counts["theme"].values()) == len(entry.themes) and sum(counts["country"].values()) == 1
        assert results.total == 1


def test_unknown_facet_values_and_pages_out_of_range_give_a_message(editor):
    published_practice(editor, title="Anything", language="en")
    results = find("anything", theme="no-such-theme")
    assert results.total == 1 and any("no-such-theme" in message for message in results.messages)
    query = QueryDict("q=anything&page=99")
    results = search(SearchParams.from_query(query), language="en")
    assert results.hits == [] and any("last page is 1" in message for message in results.messages)


def test_global_content_comes_before_national_at_equal_relevance(editor):
    published_practice(editor, title="Hotline for victims", language="en", scope="national")
    published_practice(editor, title="Hotline for victims", language="en", scope="global")
    results = find("hotline")
    assert [hit.scope for hit in results.hits] == ["global", "national"]


def test_snippets_highlight_the_words_and_escape_the_rest(editor):
    published_practice(
        editor,
        title="Outreach",
        summary="Workers meet fishers & families <script>alert(1)</script> in ports.",
        language="en",
    )
    snippet = find("fishers").hits[0].snippet
    assert "<mark>fishers</mark>" in snippet and "&amp; families" in snippet and "<script>" not in snippet


def test_rebuilding_the_index_gives_the_same_entries(editor):
    practice = published_practice(editor, title="Rebuilt", language="en", themes=[Theme.objects.get(slug="prevention")])
    before = list(SearchEntry.objects.values_list("key", "language", "themes"))
    SearchEntry.objects.all().delete()
    assert rebuild_index() == 1
    assert list(SearchEntry.objects.values_list("key", "language", "themes")) == before
    assert find("rebuilt").hits[0].object_id == practice.pk


def test_the_search_page_works_without_javascript_with_facets_in_the_url(client, editor):
    published_practice(
        editor, title="Hotline for domestic workers", language="en", countries=[Country.objects.get(code="MA")]
    )
    published_practice(editor, title="Hotline for fishers", language="en", countries=[Country.objects.get(code="PE")])
    page = client.get("/en/search/?q=hotline").content.decode()
    assert "2 results" in page
    assert "country=MA" in page
    filtered = client.get("/en/search/?q=hotline&country=MA").content.decode()
    assert (
        "1 result" in filtered and "Hotline for domestic workers" in filtered and "Hotline for fishers" not in filtered
    )
    arabic = client.get("/ar/search/?q=hotline")
    assert arabic.status_code == 200 and 'dir="rtl"' in arabic.content.decode()
    for bad in ("?page=abc", "?page=-4", "?q=" + "x" * 3000, "?theme=nope&year=abc", "?q=%00%ff"):
        assert client.get("/en/search/" + bad).status_code == 200, bad


def test_the_search_api_returns_results_and_facets_and_exports_csv(api_client, editor):
    published_practice(editor, title="Shelter =cmd| network", language="en", countries=[Country.objects.get(code="MA")])
    body = api_client.get("/api/v1/search/", {"q": "shelter"}).json()
    assert body["count"] == 1 and body["results"][0]["type"] == "practice"
    assert body["results"][0]["countries"] == ["MA"]
    assert {facet["value"] for facet in body["facets"]["country"]} == {"MA"}
    csv = api_client.get("/api/v1/search/", {"q": "shelter", "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "Shelter =cmd| network" in csv.content.decode()


def test_feeds_validate_as_rss_and_atom_and_follow_the_search(client, editor):
    import xml.etree.ElementTree as ET

    published_practice(editor, title="Fishers' rights at sea", language="en")
    published_practice(editor, title="Domestic workers' unions", language="en")
    rss = client.get("/en/search/feed.rss?q=fishers")
    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")
    assert [item.findtext("title") for item in channel.findall("item")] == ["Fishers' rights at sea"]
    assert channel.find("item").findtext("guid")
    atom = client.get("/fr/search/feed.atom")
    entries = ET.fromstring(atom.content).findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 2


@pytest.mark.parametrize(
    ("language", "q", "expected"),
    [
        (
            "fr",
            "migrantes exploitées",
            "Accueil de jour et orientation des migrantes exploitées dans le travail domestique",
        ),
        ("fr", "médiatrice", "Accueil de jour et orientation des migrantes exploitées dans le travail domestique"),
        ("es", "trabajadora doméstica", "Acogida diurna y orientación de migrantes explotadas en el trabajo doméstico"),
        ("es", "pesqueras", "Comités comunitarios de protección infantil en las rutas ganaderas y pesqueras"),
        ("ar", "العمل المنزلي", "استقبال نهاري وتوجيه للمهاجرات المستغلات في العمل المنزلي"),
        ("ru", "защита детей", "Общинные комитеты защиты детей на маршрутах перегона скота и рыболовства"),
        ("zh-hans", "儿童", "牧牛和渔业路线沿线的社区儿童保护委员会"),
        # Spanish words, an English reader: found through the translation, shown in the English original.
        ("en", "comite proteccion", "Community child-protection committees along cattle and fishing routes"),
    ],
)
def test_the_demo_is_found_in_each_language(language, q, expected):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    results = find(q, language=language)
    assert expected in [hit.title for hit in results.hits]
