"""Every change to a campaign: one function per action or transition (DESIGN.md, CONVENTIONS.md)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import search
from campaigns.files import check_material_file
from campaigns.models import (
    AUDIENCE_VALUES,
    MATERIAL_LANGUAGE_CODES,
    TRANSLATED_FIELDS,
    Campaign,
    CampaignPartner,
    Event,
    Material,
    MaterialVersion,
    ReachFigure,
    field_in,
)
from campaigns.permissions import is_campaign_manager, member_organizations
from portal.accounts.permissions import is_member
from portal.audit.services import audit_record
from portal.errors import DomainError, InvalidTransition
from portal.files import checked_upload
from portal.notifications.services import link_for, notify

RELATIONS = ("countries", "regions", "themes", "awareness_days")
PLAIN_FIELDS = ("audiences", "starts", "ends", "hashtag", "lead_organization")


def _lock(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().get(pk=campaign.pk)


def _require_manager(actor, message: str) -> None:
    if not is_campaign_manager(actor):
        raise PermissionDenied(message)


def _normalise_hashtag(value: str) -> str:
    value = (value or "").strip()
    return "#" + value.lstrip("#") if value else ""


def _check_audiences(audiences) -> None:
    if not isinstance(audiences, list | tuple):
        raise ValidationError({"audiences": [_("Give the audiences as a list.")]})
    unknown = [str(value) for value in audiences if value not in AUDIENCE_VALUES]
    if unknown:
        raise ValidationError(
            {
                "audiences": [
                    _("Unknown audience: %(values)s. Use one of: %(known)s.")
                    % {"values": ", ".join(unknown), "known": ", ".join(AUDIENCE_VALUES)}
                ]
            }
        )


def _apply(campaign: Campaign, data: dict) -> None:
    """Text is written in the campaign's original language; translations are added per language in the admin."""
    for field in TRANSLATED_FIELDS:
        if field in data:
            setattr(campaign, field_in(field, campaign.original_language), data[field] or "")
    if "audiences" in data:
        _check_audiences(data["audiences"])
        data["audiences"] = list(dict.fromkeys(data["audiences"]))
    if "hashtag" in data:
        data["hashtag"] = _normalise_hashtag(data["hashtag"])
    for field in PLAIN_FIELDS:
        if field in data:
            setattr(campaign, field, data[field])
    if campaign.starts and campaign.ends and campaign.ends < campaign.starts:
        raise ValidationError({"ends": [_("The campaign cannot end before it starts.")]})


def _apply_relations(campaign: Campaign, data: dict) -> None:
    for relation in RELATIONS:
        if relation in data:
            getattr(campaign, relation).set(data[relation])


@transaction.atomic
def campaign_create(*, actor, original_language: str, name: str, starts, ends, **data) -> Campaign:
    _require_manager(actor, _("Only campaign managers create campaigns."))
    if not (name or "").strip():
        raise ValidationError({"name": [_("A campaign needs a name.")]})
    campaign = Campaign(original_language=original_language, created_by=actor)
    _apply(campaign, {"name": name, "starts": starts, "ends": ends, **data})
    # The name is checked above, in the original language; the per-language columns are all optional.
    campaign.full_clean(exclude=list(TRANSLATED_FIELDS))
    campaign.save()
    _apply_relations(campaign, data)
    audit_record(actor=actor, verb="campaign.create", target=campaign, to_state=campaign.state)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, actor, **data) -> Campaign:
    campaign = _lock(campaign)
    _require_manager(actor, _("Only campaign managers edit campaigns."))
    if "name" in data and not (data["name"] or "").strip():
        raise ValidationError({"name": [_("A campaign needs a name.")]})
    _apply(campaign, data)
    # The name is checked above, in the original language; the per-language columns are all optional.
    campaign.full_clean(exclude=list(TRANSLATED_FIELDS))
    campaign.save()
    _apply_relations(campaign, data)
    search.index(campaign)
    audit_record(actor=actor, verb="campaign.update", target=campaign, note=", ".join(sorted(data)))
    return campaign


@transaction.atomic
def campaign_publish(*, campaign: Campaign, actor) -> Campaign:
    campaign = _lock(campaign)
    _require_manager(actor, _("Only campaign managers publish campaigns."))
    if campaign.published:
        raise InvalidTransition(_("The campaign is already published."), state="published")
    campaign.published = True
    campaign.published_at = timezone.now()
    campaign.save(update_fields=["published", "published_at"])
    search.index(campaign)
    audit_record(actor=actor, verb="campaign.publish", target=campaign, from_state="unpublished", to_state="published")
    return campaign


@transaction.atomic
def campaign_unpublish(*, campaign: Campaign, actor) -> Campaign:
    campaign = _lock(campaign)
    _require_manager(actor, _("Only campaign managers withdraw campaigns from publication."))
    if not campaign.published:
        raise InvalidTransition(_("The campaign is not published."), state="unpublished")
    campaign.published = False
    campaign.published_at = None
    campaign.save(update_fields=["published", "published_at"])
    search.index(campaign)
    audit_record(
        actor=actor, verb="campaign.unpublish", target=campaign, from_state="published", to_state="unpublished"
    )
    return campaign


# --- Materials ------------------------------------------------------------------------------------


def _check_language(language: str) -> None:
    if language not in MATERIAL_LANGUAGE_CODES:
        raise ValidationError(
            {
                "language": [
                    _("Materials can be added in these languages only: %(known)s; “%(language)s” is not one of them.")
                    % {"known": ", ".join(MATERIAL_LANGUAGE_CODES), "language": language}
                ]
            }
        )


def _check_file_or_link(upload, url: str) -> None:
    if upload is not None and url:
        raise ValidationError({"url": [_("Give either a file or a link, not both.")]})
    if upload is None and not url:
        raise ValidationError({"file": [_("Give a file or a link.")]})
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError({"url": [_("Give a web address starting with http:// or https://.")]}) from None


@transaction.atomic
def material_add(
    *,
    campaign: Campaign,
    actor,
    language: str,
    title: str,
    kind: str = "",
    upload=None,
    url: str = "",
    material: Material | None = None,
    licence: str = "",
    usage_rules: str = "",
) -> MaterialVersion:
    """A new material in one language, or (with `material`) another language of an existing one.

    Everything is checked before the file is stored, and a row that fails to save takes its file with it.
    """
    campaign = _lock(campaign)
    _require_manager(actor, _("Only campaign managers add materials."))
    _check_language(language)
    _check_file_or_link(upload, url)
    if not (title or "").strip():
        raise ValidationError({"title": [_("Give the material a title.")]})
    if material is not None:
        if material.campaign_id != campaign.pk:
            raise ValidationError({"material": [_("This material belongs to another campaign.")]})
        if material.versions.filter(language=language).exists():
            raise ValidationError({"language": [_("This material already exists in this language.")]})
    elif kind not in Material.Kind.values:
        raise ValidationError({"kind": [_("Choose the kind of material.")]})
    file_kind = ""
    if upload is not None:
        file_kind = checked_upload(upload, max_bytes=settings.CAMPAIGN_MATERIAL_MAX_BYTES, check=check_material_file)

    if material is None:
        material = Material(campaign=campaign, kind=kind, title=title.strip(), created_by=actor)
        if licence:
            material.licence = licence
        material.usage_rules = usage_rules or ""
        material.full_clean(exclude=["campaign", "created_by"])
        material.save()
    version = MaterialVersion(
        material=material, language=language, title=title.strip()[:300], url=url or "", uploaded_by=actor
    )
    if upload is not None:
        version.file_kind = file_kind
        version.original_name = upload.name[:255]
        version.size = upload.size
        version.file.save(upload.name, upload, save=False)
    # Storage is not transactional: a row that fails to save must not leave its file behind.
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:
        if version.file:
            version.file.delete(save=False)
        raise ValidationError({"language": [_("This material already exists in this language.")]}) from None
    except Exception:
        if version.file:
            version.file.delete(save=False)
        raise
    audit_record(
        actor=actor, verb="campaign.material_add", target=campaign, note="%s [%s]" % (material.title, language)
    )
    return version


def material_version_count_download(*, version: MaterialVersion) -> None:
    """One more download, counted in the database so simultaneous downloads are all counted."""
    MaterialVersion.objects.filter(pk=version.pk).update(download_count=F("download_count") + 1)


# --- Events and reach -------------------------------------------------------------------------------


@transaction.atomic
def event_add(*, campaign: Campaign, actor, title: str, starts, ends, kind: str, **data) -> Event:
    campaign = _lock(campaign)
    _require_manager(actor, _("Only campaign managers add events."))
    if starts and ends and ends < starts:
        raise ValidationError({"ends": [_("The event cannot end before it starts.")]})
    event = Event(campaign=campaign, title=title, starts=starts, ends=ends, kind=kind, created_by=actor, **data)
    event.full_clean(exclude=["campaign", "created_by"])
    event.save()
    audit_record(actor=actor, verb="campaign.event_add", target=campaign, note=event.title)
    return event


@transaction.atomic
def reach_add(*, campaign: Campaign, actor, metric: str, value: int, period_start, period_end, **data) -> ReachFigure:
    campaign = _lock(campaign)
    _require_manager(actor, _("Only campaign managers record reach figures."))
    if value is None or value < 0:
        raise ValidationError({"value": [_("A reach figure cannot be negative.")]})
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": [_("The period cannot end before it starts.")]})
    figure = ReachFigure(
        campaign=campaign,
        metric=metric,
        value=value,
        period_start=period_start,
        period_end=period_end,
        recorded_by=actor,
        **data,
    )
    figure.full_clean(exclude=["campaign", "recorded_by"])
    figure.save()
    audit_record(actor=actor, verb="campaign.reach_add", target=campaign, note="%s=%s" % (metric, value))
    return figure


# --- Partners -----------------------------------------------------------------------------------------


def _managers_of(campaign: Campaign):
    managers = get_user_model().objects.with_role("campaign_manager")
    return managers.distinct()


@transaction.atomic
def partner_request(*, campaign: Campaign, actor, organization=None, role: str = "endorser") -> CampaignPartner:
    """A member asks, for their organisation, to join (endorse) a published campaign."""
    campaign = _lock(campaign)
    if organization is None:
        organization = member_organizations(actor).first()
        if organization is None:
            raise PermissionDenied(_("Register or join an organisation before joining a campaign."))
    if not is_member(actor, organization):
        raise PermissionDenied(_("You can only ask to join for your own organisation."))
    if not campaign.published:
        raise InvalidTransition(_("Only a published campaign can be joined."), state="unpublished")
    if role not in CampaignPartner.Role.values:
        raise ValidationError({"role": [_("Choose the role your organisation would play.")]})
    existing = CampaignPartner.objects.filter(campaign=campaign, organization=organization).first()
    if existing is not None or campaign.lead_organization_id == organization.pk:
        raise DomainError(
            _("%(organisation)s has already asked to join this campaign (%(state)s).")
            % {
                "organisation": organization.name,
                "state": existing.get_state_display().lower() if existing else _("lead organisation"),
            }
        )
    try:
        with transaction.atomic():
            partnership = CampaignPartner.objects.create(
                campaign=campaign, organization=organization, role=role, requested_by=actor
            )
    except IntegrityError:
        raise DomainError(_("This organisation has already asked to join this campaign.")) from None
    audit_record(actor=actor, verb="campaign.join_request", target=partnership, to_state=partnership.state)
    for manager in _managers_of(campaign):
        notify(
            recipient=manager,
            kind="campaign_join_requested",
            context={
                "campaign": campaign.localized("name", manager.preferred_language),
                "organisation": organization.name,
                "url": link_for(manager, "campaigns:detail", pk=campaign.pk),
            },
        )
    return partnership


def _decide(partnership: CampaignPartner, actor, to_state: str, message: str) -> CampaignPartner:
    partnership = CampaignPartner.objects.select_for_update().select_related("campaign").get(pk=partnership.pk)
    _require_manager(actor, message)
    if partnership.state != CampaignPartner.State.REQUESTED:
        raise InvalidTransition(
            _("Only a pending request can be decided; this one is %(state)s.")
            % {"state": partnership.get_state_display().lower()},
            state=partnership.state,
        )
    from_state = partnership.state
    partnership.state = to_state
    partnership.decided_by = actor
    partnership.decided_at = timezone.now()
    partnership.save(update_fields=["state", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        verb="campaign.partner_%s" % ("approve" if to_state == "approved" else "decline"),
        target=partnership,
        from_state=from_state,
        to_state=to_state,
    )
    requester = partnership.requested_by
    if requester is not None and requester.is_active:
        notify(
            recipient=requester,
            kind="campaign_join_%s" % to_state,
            context={
                "campaign": partnership.campaign.localized("name", requester.preferred_language),
                "organisation": partnership.organization.name,
                "url": link_for(requester, "campaigns:detail", pk=partnership.campaign_id),
            },
        )
    return partnership


@transaction.atomic
def partner_approve(*, partnership: CampaignPartner, actor) -> CampaignPartner:
    return _decide(partnership, actor, CampaignPartner.State.APPROVED, _("Only campaign managers approve partners."))


@transaction.atomic
def partner_decline(*, partnership: CampaignPartner, actor) -> CampaignPartner:
    return _decide(partnership, actor, CampaignPartner.State.DECLINED, _("Only campaign managers decline partners."))


@transaction.atomic
def partner_add(*, campaign: Campaign, actor, organization, role: str) -> CampaignPartner:
    """A manager lists a partner the campaign already works with: approved at once."""
    campaign = _lock(campaign)
    _require_manager(actor, _("Only campaign managers add partners."))
    partnership, created = CampaignPartner.objects.get_or_create(
        campaign=campaign,
        organization=organization,
        defaults={"role": role, "state": CampaignPartner.State.APPROVED, "decided_by": actor},
    )
    if not created:
        raise DomainError(_("This organisation is already listed for this campaign."))
    partnership.decided_at = timezone.now()
    partnership.save(update_fields=["decided_at"])
    audit_record(actor=actor, verb="campaign.partner_add", target=partnership, to_state=partnership.state)
    return partnership
