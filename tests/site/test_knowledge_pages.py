"""The public knowledge pages: home, country and region profiles, countries index, statistics, sitemap,
hreflang alternates and the quick exit."""

import csv
import io
import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import Campaign
from portal.site.models import FeaturedPractice
from portal.taxonomy.models import Country, Region, Theme
from tests.campaigns.factories import CampaignFactory, EventFactory, ReachFigureFactory
from tests.factories import MembershipFactory, UserFactory, complete_practice, practice_call, published_practice
from tests.grants.helpers import board_member, grant_call, grant_manager, proposal_with_board

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def editor():
    return UserFactory(roles=["editor"])


def practice_in(editor, code, title, **overrides):
    membership = MembershipFactory(organization__verified=True, organization__country=Country.objects.get(code=code))
    return published_practice(
        editor,
        membership=membership,
        language="en",
        title=title,
        countries=[Country.objects.get(code=code)],
        **overrides,
    )


def draft_in(code, title):
    return complete_practice(language="en", title=title, countries=[Country.objects.get(code=code)])


def funded_project(code, title="Safe harvests: keeping children in school"):
    manager = grant_manager()
    call = grant_call(manager)
    membership = MembershipFactory(organization__verified=True, organization__country=Country.objects.get(code=code))
    proposal = proposal_with_board(
        call,
        manager,
        board=[board_member()],
        membership=membership,
        countries=[Country.objects.get(code=code)],
        title=title,
    )
    from grants.services.evaluation import proposal_award

    return proposal_award(proposal=proposal, amount="20000", actor=manager)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


# --- home ---------------------------------------------------------------------------------------------


def test_home_has_a_search_box_for_the_search_page(client):
    page = client.get("/fr/").content.decode()
    form = re.search(r'<form class="search-box" method="get" action="([^"]+)" role="search"', page)
    assert form and form.group(1) == "/fr/search/"
    assert re.search(r'<label for="home-search">[^<]+</label>', page)
    assert '<input id="home-search" type="search" name="q"' in page


def test_home_shows_featured_then_latest_practices_published_only(client, editor):
    old = practice_in(editor, "NA", "Village committees in Namibia")
    newer = practice_in(editor, "MA", "Day centre in Morocco")
    draft_in("MA", "A draft nobody may see")
    FeaturedPractice.objects.create(practice=old)
    page = client.get("/en/").content.decode()
    featured = page[page.index("Featured good practices") : page.index("Latest good practices")]
    latest = page[page.index("Latest good practices") :]
    assert old.title in featured and newer.title not in featured
    assert newer.title in latest and old.title not in latest  # not twice
    assert "A draft nobody may see" not in page
    # A featured practice that is taken down disappears from the home page.
    old.state = "archived"
    old.save(update_fields=["state"])
    assert old.title not in client.get("/en/").content.decode()


def test_home_lists_open_calls_of_both_kinds_campaigns_and_figures(client, editor):
    practice_call(title="Call on fishing")
    practice_call(
        title="A closed call", opens=timezone.now() - timedelta(days=40), deadline=timezone.now() - timedelta(days=1)
    )
    grant_call(title="Grants for shelters")
    CampaignFactory(name_en="Running campaign", published_now=True)
    CampaignFactory(name_en="Unpublished campaign")
    CampaignFactory(name_en="Finished campaign", published_now=True, ended=True)
    practice_in(editor, "NA", "Village committees")
    page = client.get("/en/").content.decode()
    assert "Call on fishing" in page and "Grants for shelters" in page and "A closed call" not in page
    assert "Running campaign" in page
    assert "Unpublished campaign" not in page and "Finished campaign" not in page
    figures = page[page.index("The portal in figures") : page.index("More statistics")]
    numbers = {label.strip(): int(number) for number, label in re.findall(r"<strong>(\d+)</strong> ([a-z ]+)", figures)}
    assert numbers["published practice"] == 1
    assert numbers["awareness campaigns"] == 2  # the running and the finished one, both published
    assert numbers["country covered"] == 1  # Namibia; campaigns without countries add none


def test_home_runs_the_same_queries_however_much_content(client, editor):
    practice_in(editor, "NA", "First practice")
    CampaignFactory(published_now=True)
    grant_call(title="Grants one")
    before = queries_for(client, "/en/")
    for index in range(3):
        FeaturedPractice.objects.create(practice=practice_in(editor, "MA", "Practice %d" % index))
        CampaignFactory(published_now=True)
        practice_call(title="Call %d" % index)
    assert queries_for(client, "/en/") == before


# --- profiles -----------------------------------------------------------------------------------------


def test_country_profile_shows_published_content_of_the_country_only(client, editor):
    practice_in(editor, "NA", "Committees in Namibia")
    practice_in(editor, "MA", "Centre in Morocco")
    draft_in("NA", "Namibian draft")
    grant = funded_project("NA", title="Monitors in Namibian villages")
    namibia = Country.objects.get(code="NA")
    CampaignFactory(name_en="Namibian campaign", published_now=True, countries=[namibia])
    CampaignFactory(name_en="Hidden Namibian campaign", countries=[namibia])
    regional = CampaignFactory(name_en="Campaign for Southern Africa", published_now=True)
    regional.regions.set([namibia.subregion])
    EventFactory(title="Football in Windhoek", country=namibia)
    EventFactory(title="Past match", country=namibia, starts=timezone.now() - timedelta(days=3))
    page = client.get("/en/countries/NA/").content.decode()
    assert "<h1>Namibia</h1>" in page
    assert "Committees in Namibia" in page and "Centre in Morocco" not in page and "Namibian draft" not in page
    assert "Monitors in Namibian villages" in page and "/en/grants/projects/%s/" % grant.pk in page
    assert "Namibian campaign" in page and "Campaign for Southern Africa" in page
    assert "Hidden Namibian campaign" not in page
    assert "Football in Windhoek" in page and "Past match" not in page
    assert '<svg class="chart" role="img"' in page and "<caption>Published good practices by theme</caption>" in page
    assert 'href="/en/regions/%s/"' % namibia.subregion.slug in page


def test_country_profile_addresses(client):
    assert client.get("/en/countries/na/")["Location"] == "/en/countries/NA/"
    assert client.get("/en/countries/XX/").status_code == 404
    page = client.get("/en/countries/IS/").content.decode()  # a country with nothing yet still has a page
    assert "No good practice is published for this place yet." in page


def test_region_profile_includes_its_subregions_and_countries(client, editor):
    practice_in(editor, "NA", "Committees in Namibia")
    practice_in(editor, "MA", "Centre in Morocco")
    practice_in(editor, "FR", "Research in France")
    africa = Region.objects.get(slug="africa")
    page = client.get("/en/regions/africa/").content.decode()
    assert "Committees in Namibia" in page and "Centre in Morocco" in page and "Research in France" not in page
    for child in africa.children.all():
        assert 'href="/en/regions/%s/"' % child.slug in page
    subregion = Country.objects.get(code="NA").subregion
    page = client.get("/en/regions/%s/" % subregion.slug).content.decode()
    assert "Committees in Namibia" in page and "Centre in Morocco" not in page
    assert client.get("/en/regions/atlantis/").status_code == 404


def test_profiles_run_the_same_queries_however_much_content(client, editor):
    namibia = Country.objects.get(code="NA")
    practice_in(editor, "NA", "One")
    CampaignFactory(published_now=True, countries=[namibia])
    EventFactory(country=namibia)
    country_before = queries_for(client, "/en/countries/NA/")
    region_before = queries_for(client, "/en/regions/africa/")
    for index in range(3):
        practice_in(editor, "NA", "More %d" % index)
        practice_in(editor, "ZA", "South %d" % index)
        CampaignFactory(published_now=True, countries=[namibia])
        EventFactory(country=namibia)
    assert queries_for(client, "/en/countries/NA/") == country_before
    assert queries_for(client, "/en/regions/africa/") == region_before


def test_profiles_in_arabic_are_right_to_left_with_a_mirrored_chart(client, editor):
    practice_in(editor, "NA", "Committees in Namibia")
    page = client.get("/ar/countries/NA/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "<h1>%s</h1>" % Country.objects.get(code="NA").name_ar in page
    # Labels stand at the right edge of the chart and bars grow towards the left.
    assert 'text-anchor="end"' in page and 'text-anchor="start"' not in page


def test_countries_index_lists_countries_with_published_content_by_region(client, editor):
    practice_in(editor, "NA", "Committees in Namibia")
    draft_in("PE", "Peruvian draft")
    CampaignFactory(published_now=True, countries=[Country.objects.get(code="NL")])
    CampaignFactory(countries=[Country.objects.get(code="BR")])  # unpublished
    page = client.get("/en/countries/").content.decode()
    assert 'href="/en/countries/NA/"' in page and 'href="/en/countries/NL/"' in page
    assert 'href="/en/countries/PE/"' not in page and 'href="/en/countries/BR/"' not in page
    assert page.index(">Africa</a>") < page.index("/en/countries/NA/") < page.index(">Europe</a>")
    assert page.index(">Europe</a>") < page.index("/en/countries/NL/")


def test_practice_pages_link_countries_to_their_profiles(client, editor):
    practice = practice_in(editor, "NA", "Committees in Namibia")
    assert 'href="/en/countries/NA/"' in client.get("/en/practices/").content.decode()
    assert 'href="/en/countries/NA/"' in client.get("/en/practices/%s/" % practice.pk).content.decode()


# --- statistics ---------------------------------------------------------------------------------------


@pytest.fixture
def content(editor):
    practice_in(editor, "NA", "Committees in Namibia", themes=[Theme.objects.get(slug="prevention")])
    practice_in(editor, "MA", "Centre in Morocco")
    practice_in(editor, "MA", "Second in Morocco")
    draft_in("FR", "French draft")
    campaign = CampaignFactory(published_now=True)
    ReachFigureFactory(campaign=campaign, metric="participants", value=1200)
    ReachFigureFactory(campaign=campaign, metric="participants", value=300)
    ReachFigureFactory(campaign=CampaignFactory(), metric="participants", value=99999)  # unpublished
    return campaign


def test_statistics_page_shows_each_chart_with_its_table(client, content):
    page = client.get("/en/statistics/").content.decode()
    for caption in (
        "Published good practices by theme",
        "Published good practices by region",
        "Published good practices by country",
        "Funnel of all grant calls",
        "Reach of published campaigns, by measure",
    ):
        assert "<caption>%s</caption>" % caption in page
    assert page.count('<th scope="col"') >= 10
    # The map: Morocco in a darker class than Namibia, France (a draft only) in none, each with its title.
    assert re.search(r'<path class="m2" d="[^"]+"><title>Morocco: 2 practices</title></path>', page)
    assert re.search(r'<path class="m1" d="[^"]+"><title>Namibia: 1 practice</title></path>', page)
    assert "France:" not in page
    region_table = page[page.index("<caption>Published good practices by region</caption>") :]
    assert re.search(r'Africa</a></th><td class="number">3</td>', region_table)
    reach = page[page.index("<caption>Reach of published campaigns") :]
    assert re.search(r'Participants</th><td class="number">1,500</td>', reach)
    assert "<script" not in page.replace('<script src="/static/js/quick-exit.js" defer></script>', "")


def rows_of(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_each_statistics_chart_downloads_as_csv(client, content):
    countries = rows_of(client.get("/en/statistics/?format=csv&chart=countries"))
    assert countries == [["country", "name", "practices"], ["MA", "Morocco", "2"], ["NA", "Namibia", "1"]]
    regions = {row[0]: row[2] for row in rows_of(client.get("/en/statistics/?format=csv&chart=regions"))[1:]}
    assert regions == {"africa": "3", "americas": "0", "asia": "0", "europe": "0", "oceania": "0"}
    themes = rows_of(client.get("/en/statistics/?format=csv&chart=themes"))
    assert themes[0] == ["key", "label", "value"] and ["victim-services", "Victim services", "2"] in themes
    funnel = rows_of(client.get("/en/statistics/?format=csv&chart=funnel"))
    assert [row[0] for row in funnel[1:4]] == ["organizations_registered", "organizations_verified", "started"]
    assert rows_of(client.get("/en/statistics/?format=csv&chart=reach"))[1] == ["participants", "Participants", "1500"]
    assert client.get("/en/statistics/?format=csv&chart=secrets").status_code == 404


def test_statistics_funnel_adds_up_every_call(client):
    manager = grant_manager()
    first = grant_call(manager, title="First call")
    second = grant_call(manager, title="Second call")
    from tests.grants.helpers import submitted_proposal

    submitted_proposal(first)
    submitted_proposal(second)
    funnel = {row[0]: row[2] for row in rows_of(client.get("/en/statistics/?format=csv&chart=funnel"))[1:]}
    assert funnel["submitted"] == "2" and funnel["budget"] == "100000.00"


def test_statistics_in_arabic_and_with_the_same_queries(client, content, editor):
    page = client.get("/ar/statistics/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page and 'text-anchor="end"' in page
    before = queries_for(client, "/en/statistics/")
    practice_in(editor, "ZA", "South Africa")
    ReachFigureFactory(metric="audience", value=10)
    assert queries_for(client, "/en/statistics/") == before


# --- discoverability ----------------------------------------------------------------------------------

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_lists_public_pages_in_every_language_with_alternates(client, editor):
    practice = practice_in(editor, "NA", "Committees in Namibia")
    draft = draft_in("NA", "Namibian draft")
    campaign = CampaignFactory(published_now=True)
    hidden = CampaignFactory()
    grant = funded_project("MA")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    entries = {
        url.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        for url in root.findall("s:url", NS)
    }
    base = "http://testserver"
    for language in LANGUAGES:
        for path in (
            "/%s/" % language,
            "/%s/statistics/" % language,
            "/%s/countries/" % language,
            "/%s/countries/NA/" % language,
            "/%s/countries/MA/" % language,
            "/%s/regions/africa/" % language,
            "/%s/practices/%s/" % (language, practice.pk),
            "/%s/campaigns/%s/" % (language, campaign.pk),
            "/%s/grants/projects/%s/" % (language, grant.pk),
        ):
            assert base + path in entries, path
    assert base + "/en/practices/%s/" % draft.pk not in entries
    assert base + "/en/campaigns/%s/" % hidden.pk not in entries
    assert base + "/en/countries/FR/" not in entries  # nothing published there
    alternates = entries[base + "/fr/countries/NA/"]
    assert set(alternates) == {*LANGUAGES, "x-default"}
    assert alternates["ar"] == base + "/ar/countries/NA/" and alternates["x-default"] == base + "/countries/NA/"


def test_robots_txt_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_every_page_names_its_versions_in_every_language(client):
    page = client.get("/ru/statistics/?chart=themes").content.decode()
    links = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
    assert set(links) == {*LANGUAGES, "x-default"}
    assert links["zh-hans"] == "http://testserver/zh-hans/statistics/?chart=themes"
    # x-default: no language prefix, so each reader is redirected to their own language.
    assert links["x-default"] == "http://testserver/statistics/?chart=themes"
    response = client.get("/statistics/?chart=themes", HTTP_ACCEPT_LANGUAGE="pt")
    assert response["Location"] == "/pt/statistics/?chart=themes"
    assert 'hreflang="' not in client.get("/en/no-such-page/").content.decode()


# --- quick exit ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/en/", "/ar/countries/", "/en/statistics/", "/en/practices/", "/en/accounts/login/"])
def test_every_public_page_has_the_quick_exit_first_after_the_skip_link(client, path):
    page = client.get(path).content.decode()
    body = page[page.index("<body>") :]
    links = re.findall(r"<a [^>]*>", body)
    assert links[0].startswith('<a class="skip-link"')
    assert links[1] == (
        '<a class="quick-exit" href="https://www.google.com/search?q=weather" rel="noreferrer" data-quick-exit '
        'aria-describedby="quick-exit-hint">'
    )
    assert '<script src="/static/js/quick-exit.js" defer></script>' in page


def test_quick_exit_address_is_a_setting(client, settings):
    settings.QUICK_EXIT_URL = "https://weather.example/today"
    assert 'href="https://weather.example/today" rel="noreferrer"' in client.get("/en/").content.decode()


def test_unpublished_campaign_is_not_counted_anywhere(client):
    CampaignFactory(name_en="Secret", countries=[Country.objects.get(code="NA")])
    assert Campaign.objects.count() == 1
    assert "/en/countries/NA/" not in client.get("/en/countries/").content.decode()
    assert "Secret" not in client.get("/en/countries/NA/").content.decode()
