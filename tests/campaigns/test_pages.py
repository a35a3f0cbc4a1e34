"""Campaign pages: what anyone sees, what managers do through forms, and the refusals."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from campaigns.charts import reach_chart
from campaigns.models import AwarenessDay, Campaign, CampaignPartner, Event, MaterialVersion, ReachFigure
from campaigns.selectors import coverage_grid, next_awareness_days, reach_by_country
from campaigns.services import material_add, partner_request
from portal.audit.models import AuditEvent
from portal.taxonomy.models import Country
from tests.campaigns.factories import (
    CampaignFactory,
    CampaignManagerFactory,
    EventFactory,
    ReachFigureFactory,
    pdf_upload,
    png_upload,
)
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return CampaignManagerFactory()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_anonymous_visitors_see_only_published_campaigns(client):
    published = CampaignFactory(published_now=True, name_en="Start Freedom")
    hidden = CampaignFactory(name_en="Secret plan")
    page = client.get("/en/campaigns/").content.decode()
    assert "Start Freedom" in page and "Secret plan" not in page
    assert client.get("/en/campaigns/%s/" % published.pk).status_code == 200
    assert client.get("/en/campaigns/%s/" % hidden.pk).status_code == 404


def test_list_filters_work_without_javascript(client):
    youth = CampaignFactory(published_now=True, name_en="Youth lessons", audiences=["young_people"])
    youth.countries.set(Country.objects.filter(code="NL"))
    CampaignFactory(published_now=True, ended=True, name_en="Fan festival", audiences=["sports_fans"])
    CampaignFactory(published_now=True, planned=True, name_en="Travel safe", audiences=["travellers"])
    assert "Youth lessons" in client.get("/en/campaigns/?audience=young_people").content.decode()
    assert "Fan festival" not in client.get("/en/campaigns/?audience=young_people").content.decode()
    assert "Youth lessons" in client.get("/en/campaigns/?country=NL").content.decode()
    ended = client.get("/en/campaigns/?state=ended").content.decode()
    assert "Fan festival" in ended and "Travel safe" not in ended
    page = client.get("/en/campaigns/").content.decode()
    assert '<label for="id_audience">' in page and 'method="get"' in page


def test_list_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(6):
        campaign = CampaignFactory(published_now=True)
        campaign.countries.set(Country.objects.filter(code__in=["NA", "ZA"]))
    with django_assert_max_num_queries(12):
        assert client.get("/en/campaigns/").status_code == 200


def test_campaign_page_shows_coverage_events_partners_and_reach(client, manager, media):
    campaign = CampaignFactory(published_now=True, name_en="Start Freedom")
    first = material_add(
        campaign=campaign, actor=manager, kind="lesson_plan", language="en", title="Lesson", upload=pdf_upload()
    )
    material_add(
        campaign=campaign, actor=manager, material=first.material, language="nl", title="Les", upload=pdf_upload()
    )
    material_add(campaign=campaign, actor=manager, kind="poster", language="hi", title="Poster", upload=png_upload())
    EventFactory(campaign=campaign, title="Global class")
    ReachFigureFactory(campaign=campaign, metric="downloads", value=1200, country=Country.objects.get(code="NL"))
    ReachFigureFactory(campaign=campaign, metric="downloads", value=800, country=Country.objects.get(code="IN"))
    page = client.get("/en/campaigns/%s/" % campaign.pk).content.decode()
    assert "Language coverage" in page and '<th scope="col">' in page and '<th scope="row">' in page
    assert "Global class" in page
    assert "<svg" in page and 'role="img"' in page and "Downloads: 2,000" in page
    assert "Reach totals" in page and "2,000" in page and "Reach by country" in page
    assert "/api/v1/campaigns/%s/calendar.ics" % campaign.pk in page


def test_coverage_grid_marks_which_languages_exist(manager, media):
    campaign = CampaignFactory()
    first = material_add(campaign=campaign, actor=manager, kind="poster", language="fr", title="A", upload=png_upload())
    material_add(
        campaign=campaign, actor=manager, material=first.material, language="nl", title="B", url="https://example.org/b"
    )
    material_add(campaign=campaign, actor=manager, kind="video", language="en", title="V", url="https://e.org/v")
    languages, rows = coverage_grid(campaign.materials.order_by("pk").prefetch_related("versions"))
    assert languages == ["en", "fr", "nl"]
    assert [[bool(version) for _code, version in row.cells] for row in rows] == [
        [False, True, True],
        [True, False, False],
    ]


def test_reach_totals_by_country_and_the_chart_escape_text():
    campaign = CampaignFactory(published_now=True)
    south_africa = Country.objects.get(code="ZA")
    ReachFigureFactory(campaign=campaign, metric="audience", value=2_500_000, country=south_africa)
    ReachFigureFactory(campaign=campaign, metric="broadcasts", value=1000)
    metrics, rows = reach_by_country(campaign)
    assert [metric["metric"] for metric in metrics] == ["broadcasts", "audience"]
    assert {row["code"]: row["cells"] for row in rows} == {"ZA": [None, 2_500_000], "": [1000, None]}
    with translation.override("fr"):
        assert reach_by_country(campaign)[1][0]["name"] == "Afrique du Sud"  # names in the page's language
    rows[0]["name"] = "<script>"
    svg = str(reach_chart(metrics, rows))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_downloads_are_counted_for_files_and_links(client, manager, media):
    campaign = CampaignFactory(published_now=True)
    file_version = material_add(
        campaign=campaign, actor=manager, kind="poster", language="en", title="Poster", upload=png_upload()
    )
    link_version = material_add(
        campaign=campaign, actor=manager, kind="video", language="en", title="Film", url="https://example.org/film"
    )
    response = client.get("/en/campaigns/materials/%s/download/" % file_version.pk)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    redirect = client.get("/en/campaigns/materials/%s/download/" % link_version.pk)
    assert redirect.status_code == 302 and redirect["Location"] == "https://example.org/film"
    client.get("/en/campaigns/materials/%s/download/" % link_version.pk)
    counts = dict(MaterialVersion.objects.values_list("pk", "download_count"))
    assert counts == {file_version.pk: 1, link_version.pk: 2}
    hidden = material_add(
        campaign=CampaignFactory(), actor=manager, kind="video", language="en", title="X", url="https://e.org/x"
    )
    assert client.get("/en/campaigns/materials/%s/download/" % hidden.pk).status_code == 404
    assert MaterialVersion.objects.get(pk=hidden.pk).download_count == 0


def test_library_filters_across_campaigns(client, manager, media, django_assert_max_num_queries):
    youth = CampaignFactory(published_now=True, audiences=["young_people"])
    fans = CampaignFactory(published_now=True, audiences=["sports_fans"])
    lesson = material_add(
        campaign=youth,
        actor=manager,
        kind="lesson_plan",
        language="nl",
        title="Lesplan",
        url="https://e.org/nl",
        licence="cc_by",
    )
    material_add(campaign=fans, actor=manager, kind="psa", language="en", title="Stadium PSA", url="https://e.org/psa")
    material_add(
        campaign=CampaignFactory(),
        actor=manager,
        kind="psa",
        language="en",
        title="Unpublished PSA",
        url="https://e.org/u",
    )
    with django_assert_max_num_queries(10):
        page = client.get("/en/campaigns/materials/").content.decode()
    assert "Lesplan" in page and "Stadium PSA" in page and "Unpublished PSA" not in page
    for query in ("kind=lesson_plan", "language=nl", "licence=cc_by", "audience=young_people"):
        filtered = client.get("/en/campaigns/materials/?" + query).content.decode()
        assert "Lesplan" in filtered and "Stadium PSA" not in filtered, query
    assert lesson.material.get_licence_display() in page


def test_calendar_groups_events_by_month(client):
    campaign = CampaignFactory(published_now=True)
    soon = timezone.now() + timedelta(days=1)
    later = soon + timedelta(days=62)
    EventFactory(campaign=campaign, title="Fan festival", starts=soon, ends=soon + timedelta(hours=8))
    EventFactory(campaign=campaign, title="Round table", starts=later, ends=later + timedelta(hours=3))
    EventFactory(campaign=CampaignFactory(), title="Hidden meeting")
    past = timezone.now() - timedelta(days=20)
    EventFactory(campaign=campaign, title="Old workshop", starts=past, ends=past + timedelta(hours=2))
    page = client.get("/en/campaigns/calendar/").content.decode()
    assert page.count('<section class="month"') == 2
    assert page.index("Fan festival") < page.index("Round table")
    assert "Hidden meeting" not in page and "Old workshop" not in page
    assert "Old workshop" in client.get("/en/campaigns/calendar/?past=1").content.decode()


def test_non_managers_cannot_reach_the_management_pages(client, password):
    campaign = CampaignFactory(published_now=True)
    paths = [
        "/en/campaigns/new/",
        "/en/campaigns/%s/edit/" % campaign.pk,
        "/en/campaigns/%s/materials/new/" % campaign.pk,
        "/en/campaigns/%s/events/new/" % campaign.pk,
        "/en/campaigns/%s/reach/new/" % campaign.pk,
    ]
    for path in paths:
        assert client.get(path).status_code == 302  # to the login page
    client.login(username=MembershipFactory().user.email, password=password)
    for path in paths:
        assert client.get(path).status_code == 404, path
        assert client.post(path, {"name": "Hacked"}).status_code == 404, path
    assert client.post("/en/campaigns/%s/unpublish/" % campaign.pk).status_code == 404
    assert Campaign.objects.get().published and not AuditEvent.objects.exists()


def test_a_manager_runs_a_campaign_through_the_forms(client, manager, password, media):
    client.login(username=manager.email, password=password)
    today = timezone.localdate()
    response = client.post(
        "/en/campaigns/new/",
        {
            "original_language": "en",
            "name": "Safe Kick-off",
            "summary": "Football against trafficking.",
            "audiences": ["sports_fans"],
            "countries": ["ZA"],
            "starts": today.isoformat(),
            "ends": (today + timedelta(days=30)).isoformat(),
            "hashtag": "#SafeKickOff",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"].endswith("/campaigns/%s/" % campaign.pk)
    base = "/en/campaigns/%s/" % campaign.pk
    assert (
        client.post(
            base + "materials/new/",
            {"kind": "poster", "language": "en", "title": "Poster", "file": png_upload(), "licence": "cc_by"},
        ).status_code
        == 302
    )
    version = MaterialVersion.objects.get()
    assert (
        client.post(
            base + "materials/new/",
            {"material": version.material_id, "language": "nl", "title": "Affiche", "url": "https://e.org/nl"},
        ).status_code
        == 302
    )
    starts = timezone.localtime() + timedelta(days=2)
    assert (
        client.post(
            base + "events/new/",
            {
                "title": "Tournament",
                "kind": "sports_tournament",
                "starts": starts.strftime("%Y-%m-%dT%H:%M"),
                "ends": (starts + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
                "country": "ZA",
                "place": "Soweto",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            base + "reach/new/",
            {"metric": "broadcasts", "value": 1000, "period_start": today.isoformat(), "period_end": today.isoformat()},
        ).status_code
        == 302
    )
    assert client.post(base + "publish/").status_code == 302
    campaign.refresh_from_db()
    assert campaign.published and campaign.events.count() == 1 and campaign.reach_figures.get().value == 1000
    assert sorted(MaterialVersion.objects.values_list("language", flat=True)) == ["en", "nl"]


def test_form_refusals_are_shown_and_nothing_is_saved(client, manager, password, media):
    client.login(username=manager.email, password=password)
    campaign = CampaignFactory()
    base = "/en/campaigns/%s/" % campaign.pk
    today = timezone.localdate()
    backwards = client.post(
        "/en/campaigns/new/",
        {
            "original_language": "en",
            "name": "Backwards",
            "starts": today.isoformat(),
            "ends": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert backwards.status_code == 200 and "cannot end before it starts" in backwards.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    wrong = client.post(
        base + "materials/new/",
        {
            "kind": "poster",
            "language": "en",
            "title": "Poster",
            "file": SimpleUploadedFile("poster.png", b"not an image"),
        },
    )
    assert wrong.status_code == 200 and "its content is not one" in wrong.content.decode()
    both = client.post(
        base + "materials/new/",
        {"kind": "poster", "language": "en", "title": "Poster", "file": png_upload(), "url": "https://e.org/p"},
    )
    assert "not both" in both.content.decode()
    neither = client.post(base + "materials/new/", {"kind": "poster", "language": "en", "title": "Poster"})
    assert "Give a file or a link" in neither.content.decode()
    language = client.post(
        base + "materials/new/", {"kind": "poster", "language": "sw", "title": "Poster", "url": "https://e.org/p"}
    )
    assert "not one of them" in language.content.decode()
    negative = client.post(
        base + "reach/new/",
        {"metric": "broadcasts", "value": -3, "period_start": today.isoformat(), "period_end": today.isoformat()},
    )
    assert "cannot be negative" in negative.content.decode()
    assert not MaterialVersion.objects.exists() and not ReachFigure.objects.exists() and not Event.objects.exists()
    assert Campaign.objects.count() == 1 and [p for p in media.rglob("*") if p.is_file()] == []
    assert not AuditEvent.objects.exists()


def test_a_member_asks_to_join_from_the_page_and_the_manager_approves(client, manager, password):
    campaign = CampaignFactory(published_now=True)
    membership = MembershipFactory(organization__name="Namibia Child Protection Alliance")
    client.login(username=membership.user.email, password=password)
    page = client.get("/en/campaigns/%s/" % campaign.pk).content.decode()
    assert "Ask to join" in page
    response = client.post(
        "/en/campaigns/%s/join/" % campaign.pk,
        {"organization": membership.organization_id, "role": "endorser"},
        follow=True,
    )
    assert "Your request is sent" in response.content.decode()
    again = client.post(
        "/en/campaigns/%s/join/" % campaign.pk,
        {"organization": membership.organization_id, "role": "endorser"},
        follow=True,
    )
    assert "already asked to join" in again.content.decode()
    assert CampaignPartner.objects.count() == 1
    client.logout()
    client.login(username=manager.email, password=password)
    assert "Approve Namibia Child Protection Alliance" in client.get("/en/campaigns/%s/" % campaign.pk).content.decode()
    client.post("/en/campaigns/%s/partners/%s/approve/" % (campaign.pk, membership.organization_id))
    assert CampaignPartner.objects.get().state == "approved"
    client.logout()
    page = client.get("/en/campaigns/%s/" % campaign.pk).content.decode()
    assert "Namibia Child Protection Alliance" in page


def test_pending_requests_are_not_public(client, manager):
    campaign = CampaignFactory(published_now=True)
    membership = MembershipFactory(organization__name="Quiet NGO")
    partner_request(campaign=campaign, actor=membership.user)
    assert "Quiet NGO" not in client.get("/en/campaigns/%s/" % campaign.pk).content.decode()


def test_pages_work_in_arabic_right_to_left(client):
    campaign = CampaignFactory(published_now=True)
    for path in (
        "/ar/campaigns/",
        "/ar/campaigns/%s/" % campaign.pk,
        "/ar/campaigns/materials/",
        "/ar/campaigns/calendar/",
    ):
        page = client.get(path).content.decode()
        assert 'dir="rtl"' in page and 'lang="ar"' in page, path


def test_next_awareness_days_come_round_each_year_with_their_campaigns(client):
    youth = CampaignFactory(published_now=True, name_en="Start Freedom")
    hidden = CampaignFactory(name_en="Not yet published")
    day = AwarenessDay.objects.get(slug="world-day-against-trafficking-in-persons")
    youth.awareness_days.add(day)
    hidden.awareness_days.add(day)
    upcoming = next_awareness_days(date(2031, 7, 1), 2)
    assert [(item.day.slug, item.date) for item in upcoming] == [
        ("world-day-against-trafficking-in-persons", date(2031, 7, 30)),
        ("international-day-for-the-abolition-of-slavery", date(2031, 12, 2)),
    ]
    assert upcoming[0].campaigns == [youth]
    after = next_awareness_days(date(2031, 12, 3), 1)[0]
    assert (after.day.slug, after.date) == ("world-day-against-child-labour", date(2032, 6, 12))
    leap = AwarenessDay(slug="leap", day=29, month=2, name="Leap")
    assert leap.next_date(date(2031, 3, 1)) == date(2032, 2, 29)
    page = client.get("/en/").content.decode()
    assert "Coming awareness days" in page and "World Day against Trafficking in Persons" in page
    assert client.get("/fr/").content.decode().count("Journée") >= 1


def test_navigation_links_to_the_campaigns(client):
    assert 'href="/en/campaigns/"' in client.get("/en/").content.decode()


def test_only_staff_or_campaign_managers_are_managers():
    from campaigns.permissions import can_manage_campaign, is_campaign_manager

    assert is_campaign_manager(CampaignManagerFactory()) and is_campaign_manager(UserFactory(staff=True))
    assert not can_manage_campaign(UserFactory(roles=["editor"]))
