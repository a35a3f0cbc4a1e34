"""A campaign manager's campaign in a real browser: materials in several languages with the coverage grid,
an event in the calendar and the iCalendar feed, reach with its chart, a partner joining, a download."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from campaigns.models import CampaignPartner, MaterialVersion
from campaigns.services import campaign_create, material_add, reach_add
from portal.taxonomy.models import Country, Theme
from tests.campaigns.factories import CampaignManagerFactory, pdf_upload, png_upload
from tests.e2e.conftest import serious_violations
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def accessible(person, path, step):
    person.go(path)
    person.shot(step)
    assert serious_violations(person.page) == [], path


def youth_campaign(manager):
    today = timezone.localdate()
    campaign = campaign_create(
        actor=manager,
        original_language="en",
        name="Start Freedom: young people against trafficking",
        summary="Free lessons and creative activities for schools and youth groups.",
        key_messages="Anyone can be trafficked.\nYoung people can act.",
        audiences=["young_people", "educators"],
        starts=today - timedelta(days=30),
        ends=today + timedelta(days=90),
        hashtag="#StartFreedom",
        countries=Country.objects.filter(code__in=["NL", "IN", "GB"]),
        themes=Theme.objects.filter(slug="prevention"),
    )
    lesson = None
    for language, title in (("en", "Lesson plan"), ("nl", "Lesplan"), ("hi", "पाठ योजना"), ("ar", "خطة درس")):
        version = material_add(
            campaign=campaign,
            actor=manager,
            kind="lesson_plan",
            language=language,
            title=title,
            material=lesson,
            upload=pdf_upload("lesson-%s.pdf" % language),
        )
        lesson = lesson or version.material
    material_add(campaign=campaign, actor=manager, kind="poster", language="en", title="Poster", upload=png_upload())
    for code, value in (("NL", 1200), ("IN", 950)):
        reach_add(
            campaign=campaign,
            actor=manager,
            metric="downloads",
            value=value,
            country=Country.objects.get(code=code),
            period_start=today - timedelta(days=30),
            period_end=today,
            source="Website statistics",
        )
    return campaign


def test_manager_publishes_a_campaign_a_partner_joins_visitors_download(visitor, password, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    manager = CampaignManagerFactory(full_name="Thandi Nkosi")
    campaign = youth_campaign(manager)
    member = MembershipFactory(organization__name="Namibia Child Protection Alliance").user

    # The manager adds an event and a broadcast figure through the forms, then publishes.
    desk = visitor("manager")
    desk.login(manager.email, password)
    desk.go("/en/campaigns/%s/events/new/" % campaign.pk)
    starts = timezone.localtime() + timedelta(days=5)
    page = desk.page
    page.fill("#id_title", "Start Freedom week: the global class")
    page.select_option("#id_kind", "debate")
    page.fill("#id_starts", starts.strftime("%Y-%m-%dT10:00"))
    page.fill("#id_ends", starts.strftime("%Y-%m-%dT16:00"))
    page.fill("#id_place", "Amsterdam, Public Library; Hall 2")
    page.select_option("#id_country", "NL")
    page.fill("#id_participants", "200")
    desk.shot("event-form")
    assert serious_violations(page) == []
    page.click("main form.form button[type=submit]")
    assert "The event is added." in page.content()
    desk.go("/en/campaigns/%s/reach/new/" % campaign.pk)
    page.select_option("#id_metric", "broadcasts")
    page.fill("#id_value", "1000")
    page.fill("#id_period_start", timezone.localdate().isoformat())
    page.fill("#id_period_end", timezone.localdate().isoformat())
    page.click("main form.form button[type=submit]")
    page.click("button:has-text('Publish')")
    campaign.refresh_from_db()
    assert campaign.published and campaign.events.count() == 1

    # A visitor finds it, sees the coverage grid, the chart and the totals, and downloads a lesson.
    reader = visitor("visitor")
    accessible(reader, "/en/campaigns/", "list")
    reader.page.click("text=Start Freedom: young people against trafficking")
    reader.shot("campaign")
    assert serious_violations(reader.page) == []
    grid = reader.page.locator("table.coverage")
    headers = grid.locator("thead th").all_inner_texts()
    assert [text.split()[0] for text in headers[1:]] == ["en", "ar", "hi", "nl"]
    assert grid.locator("tbody tr").count() == 2
    assert reader.page.locator("svg.reach-chart").count() == 1
    totals = reader.page.locator("table", has_text="Reach totals").inner_text()
    assert "2,150" in totals and "1,000" in totals
    dutch = MaterialVersion.objects.get(language="nl")
    with reader.page.expect_download() as download:
        reader.page.click("a:has-text('Lesplan')")
    assert download.value.suggested_filename == "lesson-nl.pdf"
    assert MaterialVersion.objects.get(pk=dutch.pk).download_count == 1

    # The event is in the calendar page and in the iCalendar feeds.
    accessible(reader, "/en/campaigns/calendar/", "calendar")
    assert "Start Freedom week: the global class" in reader.page.content()
    for feed in ("/api/v1/events.ics", "/api/v1/campaigns/%s/calendar.ics" % campaign.pk):
        response = reader.page.request.get(reader.base_url + feed)
        assert response.ok and response.headers["content-type"].startswith("text/calendar")
        (event,) = Calendar.from_ical(response.body()).walk("VEVENT")
        assert str(event["SUMMARY"]) == "Start Freedom week: the global class"
        assert str(event["LOCATION"]) == "Amsterdam, Public Library; Hall 2, Netherlands"
    accessible(reader, "/en/campaigns/materials/?language=nl", "library")
    assert "Lesson plan" in reader.page.content() and "Nederlands" in reader.page.content()

    # A member of an NGO asks to join; the manager approves; the partner list shows it.
    partner = visitor("partner")
    partner.login(member.email, password)
    partner.go("/en/campaigns/%s/" % campaign.pk)
    partner.page.select_option("#id_role", "implementing")
    partner.page.click("button:has-text('Ask to join')")
    assert "Your request is sent" in partner.page.content()
    assert CampaignPartner.objects.get().state == "requested"
    desk.go("/en/campaigns/%s/" % campaign.pk)
    desk.page.click("button:has-text('Approve Namibia Child Protection Alliance')")
    assert CampaignPartner.objects.get().state == "approved"
    reader.go("/en/campaigns/%s/" % campaign.pk)
    partners = reader.page.locator("section", has=reader.page.locator("#partners-title")).inner_text()
    assert "Namibia Child Protection Alliance" in partners and "Implementing partner" in partners

    # The same page in Arabic reads right to left.
    accessible(reader, "/ar/campaigns/%s/" % campaign.pk, "arabic")
    assert reader.page.get_attribute("html", "dir") == "rtl"
