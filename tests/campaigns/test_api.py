"""API.md "Campaigns": the contract of the campaign endpoints and the iCalendar feeds."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from campaigns.models import Campaign, CampaignPartner, Event, MaterialVersion, ReachFigure
from campaigns.services import material_add, partner_add
from portal.audit.models import AuditEvent
from portal.notifications.models import Notification
from portal.taxonomy.models import Country, Theme
from tests.campaigns.factories import (
    CampaignFactory,
    CampaignManagerFactory,
    EventFactory,
    ReachFigureFactory,
    pdf_upload,
    png_upload,
)
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return CampaignManagerFactory()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def full_campaign(manager, partner="Partner FC", **kwargs):
    campaign = CampaignFactory(published_now=True, created_by=manager, **kwargs)
    campaign.countries.set(Country.objects.filter(code__in=["ZA", "NA"]))
    campaign.themes.set(Theme.objects.filter(slug="prevention"))
    version = material_add(
        campaign=campaign, actor=manager, kind="psa", language="en", title="PSA", url="https://example.org/psa"
    )
    material_add(
        campaign=campaign,
        actor=manager,
        material=version.material,
        language="nl",
        title="PSA nl",
        url="https://example.org/psa-nl",
    )
    EventFactory(campaign=campaign)
    ReachFigureFactory(campaign=campaign, metric="broadcasts", value=600)
    ReachFigureFactory(campaign=campaign, metric="broadcasts", value=400)
    partner_add(campaign=campaign, actor=manager, organization=OrganizationFactory(name=partner), role="sponsor")
    CampaignPartner.objects.create(campaign=campaign, organization=OrganizationFactory())
    return campaign


def test_anyone_lists_published_campaigns_with_materials_events_reach_and_partners(api_client, manager):
    campaign = full_campaign(manager)
    CampaignFactory(name_en="Unpublished plan")
    body = api_client.get("/api/v1/campaigns/").json()
    assert body["count"] == 1 and set(body) == {"count", "next", "previous", "results"}
    item = body["results"][0]
    assert item["id"] == campaign.pk and item["state"] == "active" and item["published"] is True
    assert item["countries"] == ["NA", "ZA"] and item["themes"] == ["prevention"]
    assert item["audiences"] == ["young_people"] and item["hashtag"] == "#StartFreedom"
    assert item["original_language"] == "en" and item["languages"] == ["en"]
    (material,) = item["materials"]
    assert material["kind"] == "psa" and material["languages"] == ["en", "nl"]
    assert material["versions"][0]["download_url"].endswith("/download/")
    assert item["events"][0]["kind"] == "sports_tournament"
    assert item["reach"] == {"broadcasts": 1000}
    assert [p["organisation"]["name"] for p in item["partners"]] == ["Partner FC"]  # pending ones are hidden
    detail = api_client.get("/api/v1/campaigns/%s/" % campaign.pk).json()
    assert detail["materials"] == item["materials"]


def test_managers_see_unpublished_campaigns_and_pending_partners(api_client, manager):
    campaign = full_campaign(manager)
    draft = CampaignFactory()
    assert api_client.get("/api/v1/campaigns/%s/" % draft.pk).status_code == 404
    api_client.force_authenticate(UserFactory(roles=["editor"]))
    assert api_client.get("/api/v1/campaigns/%s/" % draft.pk).status_code == 404
    api_client.force_authenticate(manager)
    assert api_client.get("/api/v1/campaigns/%s/" % draft.pk).status_code == 200
    partners = api_client.get("/api/v1/campaigns/%s/" % campaign.pk).json()["partners"]
    assert {p["state"] for p in partners} == {"approved", "requested"}


def test_list_runs_a_fixed_number_of_queries(api_client, manager, django_assert_max_num_queries):
    for number in range(4):
        full_campaign(manager, partner="Partner %s" % number)
    with django_assert_max_num_queries(14):
        response = api_client.get("/api/v1/campaigns/")
    assert response.json()["count"] == 4
    api_client.force_authenticate(manager)
    with django_assert_max_num_queries(16):
        assert api_client.get("/api/v1/campaigns/?page_size=100").status_code == 200


def test_filters_and_language(api_client, manager):
    youth = CampaignFactory(published_now=True, name_en="Youth", name_fr="Jeunesse", audiences=["young_people"])
    youth.countries.set(Country.objects.filter(code="NL"))
    youth.themes.set(Theme.objects.filter(slug="prevention"))
    CampaignFactory(published_now=True, ended=True, name_en="Fans", audiences=["sports_fans"])

    def names(query):
        return [item["name"] for item in api_client.get("/api/v1/campaigns/" + query).json()["results"]]

    assert names("?audience=young_people") == ["Youth"]
    assert names("?country=nl") == ["Youth"]
    assert names("?theme=prevention") == ["Youth"]
    assert names("?state=ended") == ["Fans"]
    assert names("?state=active&lang=fr") == ["Jeunesse"]
    assert api_client.get("/api/v1/campaigns/?lang=fr").json()["results"][1]["name"] == "Fans"  # original
    assert api_client.get("/api/v1/campaigns/?audience=aliens").status_code == 400


def test_a_manager_creates_and_edits_a_campaign(api_client, manager):
    api_client.force_authenticate(manager)
    response = api_client.post(
        "/api/v1/campaigns/",
        {
            "name": "Safe Kick-off",
            "summary": "Football against trafficking.",
            "description": "Fan festivals and tournaments.",
            "audiences": ["sports_fans", "travellers"],
            "countries": ["ZA"],
            "themes": ["prevention"],
            "starts": "2030-06-01",
            "ends": "2030-07-15",
            "hashtag": "#SafeKickOff",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "planned" and body["published"] is False and body["countries"] == ["ZA"]
    url = "/api/v1/campaigns/%s/" % body["id"]
    patched = api_client.patch(url, {"ends": "2030-08-01", "summary": "Changed."}, format="json")
    assert patched.status_code == 200 and patched.json()["ends"] == "2030-08-01"
    assert patched.json()["summary"] == "Changed."
    refused = api_client.patch(url, {"ends": "2030-01-01"}, format="json")
    assert refused.status_code == 400 and "ends" in refused.json()
    assert Campaign.objects.get().ends.isoformat() == "2030-08-01"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"starts": "2030-06-10", "ends": "2030-06-01"}, "ends"),
        ({"starts": "2030-06-01", "ends": "2030-06-10", "audiences": ["aliens"]}, "audiences"),
        ({"starts": "2030-06-01", "ends": "2030-06-10", "countries": ["XX"]}, "countries"),
        ({"starts": "2030-06-01", "ends": "2030-06-10", "themes": ["nope"]}, "themes"),
        ({"starts": "2030-06-01", "ends": "2030-06-10", "hashtag": "two words"}, "hashtag"),
    ],
)
def test_bad_campaigns_are_400_with_field_errors(api_client, manager, payload, field):
    api_client.force_authenticate(manager)
    response = api_client.post("/api/v1/campaigns/", {"name": "Bad", **payload}, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not Campaign.objects.exists() and not AuditEvent.objects.exists()


def test_writing_is_for_campaign_managers(api_client):
    campaign = CampaignFactory(published_now=True)
    payload = {"name": "X", "starts": "2030-01-01", "ends": "2030-01-02"}
    assert api_client.post("/api/v1/campaigns/", payload, format="json").status_code == 401
    api_client.force_authenticate(MembershipFactory().user)
    assert api_client.post("/api/v1/campaigns/", payload, format="json").status_code == 403
    response = api_client.patch("/api/v1/campaigns/%s/" % campaign.pk, {"name": "Hacked"}, format="json")
    assert response.status_code == 403 and response.json()["detail"]
    for path in ("events", "reach", "materials"):
        assert api_client.post("/api/v1/campaigns/%s/%s/" % (campaign.pk, path), {}, format="json").status_code in (
            400,
            403,
        )
    assert Campaign.objects.get().name_en != "Hacked"


def test_materials_in_several_languages_over_the_api(api_client, manager, media):
    campaign = CampaignFactory(published_now=True)
    api_client.force_authenticate(manager)
    url = "/api/v1/campaigns/%s/materials/" % campaign.pk
    first = api_client.post(
        url, {"file": pdf_upload(), "language": "en", "kind": "lesson_plan", "title": "Lesson"}, format="multipart"
    )
    assert first.status_code == 201, first.json()
    material = first.json()["id"]
    second = api_client.post(
        url, {"file": pdf_upload("les.pdf"), "language": "nl", "title": "Les", "material": material}, format="multipart"
    )
    assert second.status_code == 201 and second.json()["languages"] == ["en", "nl"]
    third = api_client.post(
        url,
        {"url": "https://example.org/hi", "language": "hi", "title": "पाठ", "material": material},
        format="multipart",
    )
    assert third.status_code == 201 and third.json()["languages"] == ["en", "hi", "nl"]
    listed = api_client.get("/api/v1/campaigns/%s/" % campaign.pk).json()["materials"]
    assert listed[0]["languages"] == ["en", "hi", "nl"]


@pytest.mark.parametrize(
    "payload, field, status",
    [
        ({"file": "WRONG", "language": "en", "kind": "poster"}, "file", 400),
        ({"language": "en", "kind": "poster"}, "file", 400),
        ({"file": "PNG", "url": "https://example.org/a", "language": "en", "kind": "poster"}, "url", 400),
        ({"url": "https://example.org/a", "language": "sw", "kind": "poster"}, "language", 400),
        ({"url": "https://example.org/a", "language": "en", "kind": "poster", "material": 999999}, "material", 400),
        ({"file": "BIG", "language": "en", "kind": "poster"}, "detail", 413),
    ],
)
def test_bad_materials_over_the_api_leave_nothing_behind(api_client, manager, media, settings, payload, field, status):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.CAMPAIGN_MATERIAL_MAX_BYTES = 2000
    files = {
        "WRONG": SimpleUploadedFile("poster.png", b"%PDF-1.4 pretending"),
        "PNG": png_upload(),
        "BIG": pdf_upload(text="x" * 3000),
    }
    payload = {key: files.get(value, value) if key == "file" else value for key, value in payload.items()}
    campaign = CampaignFactory(published_now=True)
    api_client.force_authenticate(manager)
    response = api_client.post(
        "/api/v1/campaigns/%s/materials/" % campaign.pk, {"title": "Poster", **payload}, format="multipart"
    )
    assert response.status_code == status and field in response.json(), response.json()
    assert not MaterialVersion.objects.exists()
    assert [path for path in media.rglob("*") if path.is_file()] == []
    assert not AuditEvent.objects.filter(verb="campaign.material_add").exists()


def test_events_and_reach_over_the_api(api_client, manager):
    campaign = CampaignFactory(published_now=True)
    api_client.force_authenticate(manager)
    starts = timezone.now() + timedelta(days=1)
    event = api_client.post(
        "/api/v1/campaigns/%s/events/" % campaign.pk,
        {
            "title": "Tournament",
            "starts": starts.isoformat(),
            "ends": (starts + timedelta(hours=4)).isoformat(),
            "country": "ZA",
            "place": "Soweto",
            "kind": "sports_tournament",
            "participants": 300,
        },
        format="json",
    )
    assert event.status_code == 201 and event.json()["country"] == "ZA"
    backwards = api_client.post(
        "/api/v1/campaigns/%s/events/" % campaign.pk,
        {
            "title": "Bad",
            "starts": starts.isoformat(),
            "ends": (starts - timedelta(hours=1)).isoformat(),
            "kind": "debate",
        },
        format="json",
    )
    assert backwards.status_code == 400 and "ends" in backwards.json()
    reach = {"metric": "broadcasts", "value": 1000, "period_start": "2030-01-01", "period_end": "2030-01-31"}
    assert api_client.post("/api/v1/campaigns/%s/reach/" % campaign.pk, reach, format="json").status_code == 201
    negative = api_client.post("/api/v1/campaigns/%s/reach/" % campaign.pk, {**reach, "value": -1}, format="json")
    assert negative.status_code == 400 and negative.json()["value"] == ["A reach figure cannot be negative."]
    assert Event.objects.count() == 1 and ReachFigure.objects.count() == 1
    assert api_client.get("/api/v1/campaigns/%s/" % campaign.pk).json()["reach"] == {"broadcasts": 1000}


def test_join_and_approve_over_the_api(api_client, manager):
    campaign = CampaignFactory(published_now=True)
    membership = MembershipFactory()
    api_client.force_authenticate(membership.user)
    joined = api_client.post("/api/v1/campaigns/%s/join/" % campaign.pk, {}, format="json")
    assert joined.status_code == 201 and joined.json()["state"] == "requested"
    again = api_client.post("/api/v1/campaigns/%s/join/" % campaign.pk, {}, format="json")
    assert again.status_code == 400 and "already" in again.json()["detail"]
    approve_url = "/api/v1/campaigns/%s/partners/%s/approve/" % (campaign.pk, membership.organization_id)
    assert api_client.post(approve_url).status_code == 403
    api_client.force_authenticate(manager)
    approved = api_client.post(approve_url)
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert Notification.objects.filter(kind="campaign_join_approved", recipient=membership.user).exists()
    conflict = api_client.post(approve_url)
    assert conflict.status_code == 409 and conflict.json()["state"] == "approved"
    missing = "/api/v1/campaigns/%s/partners/%s/approve/" % (campaign.pk, OrganizationFactory().pk)
    assert api_client.post(missing).status_code == 404
    api_client.force_authenticate(UserFactory())
    assert api_client.post("/api/v1/campaigns/%s/join/" % campaign.pk, {}, format="json").status_code == 403


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_ics_feeds_are_valid_rfc5545_with_escaped_text(api_client, manager):
    campaign = CampaignFactory(published_now=True, name_en="Safe Kick-off")
    event = EventFactory(
        campaign=campaign,
        title="Tournament; finals, and prizes\\ all day",
        place="Stadium, Gate 3; Soweto",
        country=Country.objects.get(code="ZA"),
        description="Line one\nLine two",
    )
    EventFactory(campaign=CampaignFactory(), title="Unpublished event")
    for response in (
        api_client.get("/api/v1/campaigns/%s/calendar.ics" % campaign.pk),
        api_client.get("/api/v1/events.ics"),
    ):
        raw = response.content
        assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.rstrip().endswith(b"END:VCALENDAR")
        assert b"Tournament\\; finals\\, and prizes\\\\ all day" in raw
        assert b"Stadium\\, Gate 3\\; Soweto\\, South Africa" in raw
        calendar = parse(response)
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
        events = calendar.walk("VEVENT")
        assert [str(item["SUMMARY"]) for item in events] == [event.title]
        (item,) = events
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION"):
            assert prop in item, prop
        assert item["UID"].startswith("campaign-event-%s@" % event.pk)
        assert item.decoded("DTSTART") == event.starts.replace(microsecond=0)
        assert item.decoded("DTEND") == event.ends.replace(microsecond=0)
        assert str(item["LOCATION"]) == "Stadium, Gate 3; Soweto, South Africa"
    assert api_client.get("/api/v1/campaigns/%s/calendar.ics" % CampaignFactory().pk).status_code == 404
