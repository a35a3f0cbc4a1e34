"""Every campaign action and transition: the state in the database, the audit row, the outbox, the refusals."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.models import Campaign, CampaignPartner, Event, Material, MaterialVersion, ReachFigure
from campaigns.services import (
    campaign_create,
    campaign_publish,
    campaign_unpublish,
    campaign_update,
    event_add,
    material_add,
    partner_approve,
    partner_decline,
    partner_request,
    reach_add,
)
from portal.audit.models import AuditEvent
from portal.errors import DomainError, InvalidTransition, PayloadTooLarge
from portal.notifications.models import Notification
from portal.taxonomy.models import Country, Theme
from tests.campaigns.factories import CampaignFactory, CampaignManagerFactory, pdf_upload, png_upload
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return CampaignManagerFactory()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media):
    return [path for path in media.rglob("*") if path.is_file()]


def test_a_campaign_is_created_edited_published_and_withdrawn(manager):
    today = timezone.localdate()
    campaign = campaign_create(
        actor=manager,
        original_language="fr",
        name="Start Freedom : les jeunes contre la traite",
        summary="Des cours gratuits pour les écoles.",
        audiences=["young_people", "educators", "young_people"],
        starts=today,
        ends=today + timedelta(days=60),
        hashtag="StartFreedom",
        countries=Country.objects.filter(code__in=["NL", "IN"]),
        themes=Theme.objects.filter(slug="prevention"),
    )
    campaign.refresh_from_db()
    assert campaign.name_fr == "Start Freedom : les jeunes contre la traite"
    assert campaign.localized("name", "es") == campaign.name_fr  # falls back to the original
    assert campaign.audiences == ["young_people", "educators"]
    assert campaign.hashtag == "#StartFreedom"
    assert campaign.state == "active" and not campaign.published
    assert sorted(campaign.countries.values_list("code", flat=True)) == ["IN", "NL"]

    campaign_update(campaign=campaign, actor=manager, summary="Des cours et des jeux.", ends=today + timedelta(days=90))
    campaign.refresh_from_db()
    assert campaign.summary_fr == "Des cours et des jeux." and campaign.ends == today + timedelta(days=90)

    campaign = campaign_publish(campaign=campaign, actor=manager)
    assert Campaign.objects.get(pk=campaign.pk).published and campaign.published_at
    with pytest.raises(InvalidTransition) as refused:
        campaign_publish(campaign=campaign, actor=manager)
    assert refused.value.state == "published"
    campaign_unpublish(campaign=campaign, actor=manager)
    assert not Campaign.objects.get(pk=campaign.pk).published
    with pytest.raises(InvalidTransition):
        campaign_unpublish(campaign=campaign, actor=manager)
    verbs = list(AuditEvent.objects.for_object(campaign).order_by("created_at", "id").values_list("verb", flat=True))
    assert verbs == ["campaign.create", "campaign.update", "campaign.publish", "campaign.unpublish"]


@pytest.mark.parametrize("role", [None, "editor", "submitter"])
def test_only_campaign_managers_create_edit_and_publish(role):
    someone = UserFactory(roles=[role] if role else [])
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        campaign_create(actor=someone, original_language="en", name="Mine", starts=today, ends=today)
    campaign = CampaignFactory()
    with pytest.raises(PermissionDenied):
        campaign_update(campaign=campaign, actor=someone, summary="Changed")
    with pytest.raises(PermissionDenied):
        campaign_publish(campaign=campaign, actor=someone)
    campaign.refresh_from_db()
    assert not campaign.published and campaign.summary_en != "Changed"
    assert not AuditEvent.objects.for_object(campaign).exists()


def test_end_before_start_is_refused_and_nothing_is_saved(manager):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        campaign_create(
            actor=manager, original_language="en", name="Backwards", starts=today, ends=today - timedelta(1)
        )
    assert "ends" in refused.value.message_dict
    assert not Campaign.objects.exists() and not AuditEvent.objects.exists()
    campaign = CampaignFactory()
    with pytest.raises(ValidationError):
        campaign_update(campaign=campaign, actor=manager, ends=campaign.starts - timedelta(days=1))
    assert Campaign.objects.get(pk=campaign.pk).ends == campaign.ends


def test_the_database_refuses_an_end_before_the_start_too():
    campaign = CampaignFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(ends=campaign.starts - timedelta(days=1))


def test_unknown_audiences_and_bad_hashtags_are_refused(manager):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        campaign_create(actor=manager, original_language="en", name="X", starts=today, ends=today, audiences=["aliens"])
    assert "aliens" in refused.value.message_dict["audiences"][0]
    with pytest.raises(ValidationError) as refused:
        campaign_create(actor=manager, original_language="en", name="X", starts=today, ends=today, hashtag="two words")
    assert "hashtag" in refused.value.message_dict
    assert not Campaign.objects.exists()


def test_state_follows_the_dates():
    today = timezone.localdate()
    planned, active, ended = CampaignFactory(planned=True), CampaignFactory(), CampaignFactory(ended=True)
    assert (planned.state, active.state, ended.state) == ("planned", "active", "ended")
    assert list(Campaign.objects.planned(today)) == [planned]
    assert list(Campaign.objects.active(today)) == [active]
    assert list(Campaign.objects.ended(today)) == [ended]
    assert active.state_on(active.ends + timedelta(days=1)) == "ended"


# --- materials ---------------------------------------------------------------------------------------


def test_a_material_gets_versions_in_several_languages(manager, media):
    campaign = CampaignFactory()
    first = material_add(
        campaign=campaign, actor=manager, kind="lesson_plan", language="en", title="Lesson", upload=pdf_upload()
    )
    dutch = material_add(
        campaign=campaign, actor=manager, material=first.material, language="nl", title="Lesplan", upload=pdf_upload()
    )
    hindi = material_add(
        campaign=campaign,
        actor=manager,
        material=first.material,
        language="hi",
        title="पाठ योजना",
        url="https://example.org/lesson-hi",
    )
    assert Material.objects.get().kind == "lesson_plan"
    assert sorted(first.material.versions.values_list("language", flat=True)) == ["en", "hi", "nl"]
    assert dutch.file_kind == "pdf" and dutch.size > 0 and hindi.is_link
    assert len(stored_files(media)) == 2
    assert AuditEvent.objects.for_object(campaign).filter(verb="campaign.material_add").count() == 3


def bad_material(**kwargs):
    return {"kind": "poster", "language": "en", "title": "Poster", **kwargs}


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (bad_material(upload=SimpleUploadedFile("poster.png", b"GIF89a not a png")), "file"),
        (bad_material(upload=SimpleUploadedFile("poster.exe", b"MZ\x90\x00")), "file"),
        (bad_material(upload=SimpleUploadedFile("poster.pdf", b"")), "file"),
        (bad_material(language="xx", upload=None, url="https://example.org/a"), "language"),
        (bad_material(language="sw", url="https://example.org/a"), "language"),
        (bad_material(upload=None, url=""), "file"),
        (bad_material(url="https://example.org/a", upload="BOTH"), "url"),
        (bad_material(url="javascript:alert(1)"), "url"),
        (bad_material(kind="billboard", url="https://example.org/a"), "kind"),
    ],
)
def test_bad_materials_are_refused_with_nothing_left_behind(manager, media, kwargs, field):
    campaign = CampaignFactory()
    if kwargs.get("upload") == "BOTH":
        kwargs["upload"] = png_upload()
    with pytest.raises(ValidationError) as refused:
        material_add(campaign=campaign, actor=manager, **kwargs)
    assert field in refused.value.message_dict, refused.value.message_dict
    assert not Material.objects.exists() and not MaterialVersion.objects.exists()
    assert stored_files(media) == []
    assert not AuditEvent.objects.filter(verb="campaign.material_add").exists()


def test_unsupported_language_message_lists_the_supported_ones(manager):
    with pytest.raises(ValidationError) as refused:
        material_add(campaign=CampaignFactory(), actor=manager, **bad_material(language="sw", url="https://e.org/"))
    message = refused.value.message_dict["language"][0]
    assert "sw" in message and "nl" in message and "hi" in message


def test_a_file_over_the_size_limit_is_refused(manager, media, settings):
    settings.CAMPAIGN_MATERIAL_MAX_BYTES = 100
    with pytest.raises(PayloadTooLarge):
        material_add(campaign=CampaignFactory(), actor=manager, **bad_material(upload=pdf_upload(text="x" * 200)))
    assert not MaterialVersion.objects.exists() and stored_files(media) == []


def test_the_same_language_twice_is_refused(manager, media):
    campaign = CampaignFactory()
    first = material_add(campaign=campaign, actor=manager, **bad_material(upload=png_upload()))
    with pytest.raises(ValidationError) as refused:
        material_add(
            campaign=campaign, actor=manager, material=first.material, language="en", title="Again", upload=png_upload()
        )
    assert "language" in refused.value.message_dict
    assert MaterialVersion.objects.count() == 1 and len(stored_files(media)) == 1


def test_the_database_refuses_both_a_file_and_a_link_and_neither(manager, media):
    version = material_add(campaign=CampaignFactory(), actor=manager, **bad_material(upload=png_upload()))
    with pytest.raises(IntegrityError), transaction.atomic():
        MaterialVersion.objects.filter(pk=version.pk).update(url="https://example.org/both")
    with pytest.raises(IntegrityError), transaction.atomic():
        MaterialVersion.objects.filter(pk=version.pk).update(file="")


def test_only_managers_add_materials(media):
    with pytest.raises(PermissionDenied):
        material_add(campaign=CampaignFactory(), actor=UserFactory(), **bad_material(upload=png_upload()))
    assert stored_files(media) == []


# --- events and reach ----------------------------------------------------------------------------------


def test_events_are_added_and_must_end_after_they_start(manager):
    campaign = CampaignFactory()
    starts = timezone.now() + timedelta(days=2)
    event = event_add(
        campaign=campaign,
        actor=manager,
        title="Tournament",
        kind="sports_tournament",
        starts=starts,
        ends=starts + timedelta(hours=5),
        place="Johannesburg",
        country=Country.objects.get(code="ZA"),
        participants=320,
    )
    assert Event.objects.get(pk=event.pk).participants == 320
    assert AuditEvent.objects.for_object(campaign).filter(verb="campaign.event_add").exists()
    with pytest.raises(ValidationError) as refused:
        event_add(
            campaign=campaign, actor=manager, title="Bad", kind="debate", starts=starts, ends=starts - timedelta(1)
        )
    assert "ends" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        event_add(campaign=campaign, actor=UserFactory(), title="X", kind="debate", starts=starts, ends=starts)
    assert Event.objects.count() == 1


def test_reach_figures_are_recorded_and_never_negative(manager):
    campaign = CampaignFactory()
    today = timezone.localdate()
    reach_add(campaign=campaign, actor=manager, metric="broadcasts", value=1000, period_start=today, period_end=today)
    assert ReachFigure.objects.get().value == 1000
    with pytest.raises(ValidationError) as refused:
        reach_add(campaign=campaign, actor=manager, metric="broadcasts", value=-5, period_start=today, period_end=today)
    assert "value" in refused.value.message_dict
    with pytest.raises(ValidationError):
        reach_add(
            campaign=campaign,
            actor=manager,
            metric="audience",
            value=5,
            period_start=today,
            period_end=today - timedelta(days=1),
        )
    assert ReachFigure.objects.count() == 1
    assert AuditEvent.objects.filter(verb="campaign.reach_add").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        ReachFigure.objects.update(value=-1)


# --- joining --------------------------------------------------------------------------------------------


def test_a_member_asks_to_join_and_a_manager_approves(manager):
    campaign = CampaignFactory(published_now=True)
    membership = MembershipFactory(user__preferred_language="fr")
    partnership = partner_request(campaign=campaign, actor=membership.user)
    assert partnership.state == "requested" and partnership.organization == membership.organization
    assert Notification.objects.filter(kind="campaign_join_requested", recipient=manager).exists()
    assert AuditEvent.objects.for_object(partnership).get().verb == "campaign.join_request"

    partner_approve(partnership=partnership, actor=manager)
    partnership.refresh_from_db()
    assert partnership.state == "approved" and partnership.decided_by == manager
    notification = Notification.objects.get(kind="campaign_join_approved")
    assert notification.recipient == membership.user and notification.language == "fr"
    event = AuditEvent.objects.for_object(partnership).get(verb="campaign.partner_approve")
    assert (event.from_state, event.to_state) == ("requested", "approved")

    with pytest.raises(InvalidTransition) as refused:
        partner_decline(partnership=partnership, actor=manager)
    assert refused.value.state == "approved"


def test_a_duplicate_request_is_refused_clearly(manager):
    campaign = CampaignFactory(published_now=True)
    membership = MembershipFactory(organization__name="Collectif Atlas")
    partner_request(campaign=campaign, actor=membership.user)
    with pytest.raises(DomainError) as refused:
        partner_request(campaign=campaign, actor=membership.user)
    assert "Collectif Atlas" in str(refused.value) and "already" in str(refused.value)
    assert CampaignPartner.objects.count() == 1
    assert AuditEvent.objects.filter(verb="campaign.join_request").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignPartner.objects.create(campaign=campaign, organization=membership.organization)


def test_joining_is_refused_without_an_organisation_for_another_one_or_before_publication(manager):
    campaign = CampaignFactory(published_now=True)
    with pytest.raises(PermissionDenied):
        partner_request(campaign=campaign, actor=UserFactory())
    stranger = MembershipFactory()
    with pytest.raises(PermissionDenied):
        partner_request(campaign=campaign, actor=stranger.user, organization=MembershipFactory().organization)
    with pytest.raises(InvalidTransition):
        partner_request(campaign=CampaignFactory(), actor=stranger.user)
    assert not CampaignPartner.objects.exists()


def test_only_managers_decide_and_a_declined_request_is_notified(manager):
    campaign = CampaignFactory(published_now=True)
    membership = MembershipFactory()
    partnership = partner_request(campaign=campaign, actor=membership.user)
    with pytest.raises(PermissionDenied):
        partner_approve(partnership=partnership, actor=membership.user)
    assert CampaignPartner.objects.get().state == "requested"
    partner_decline(partnership=partnership, actor=manager)
    assert CampaignPartner.objects.get().state == "declined"
    assert Notification.objects.filter(kind="campaign_join_declined", recipient=membership.user).exists()
