"""The resource lifecycle: draft → in_review → (revision_requested → in_review …) → accepted → published.

An editor's own curated resource goes from draft straight to published.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.permissions import is_member
from portal.audit.services import audit_record
from portal.errors import InvalidTransition
from portal.files import checked_upload
from portal.notifications.services import link_for, notify
from practices.models import field_in
from practices.permissions import is_editor
from resources import search
from resources.models import LANGUAGE_CODES, TRANSLATED_FIELDS, Resource, ResourceFile
from reviews.services.cases import case_new_round, case_open, default_rubric

OWNER = "resources.resource"
RELATIONS = ("countries", "regions", "themes", "exploitation_forms", "target_groups", "sectors")
PLAIN_FIELDS = ("kind", "authors", "publisher", "publication_year", "scope", "audiences", "licence")
EDITABLE_STATES = (Resource.State.DRAFT, Resource.State.REVISION_REQUESTED)
MAX_SUMMARY_CHARS = 5000


def _refuse_state(resource: Resource, message: str):
    raise InvalidTransition(
        "%s %s" % (message, _("The resource is %(state)s.") % {"state": resource.get_state_display().lower()}),
        state=resource.state,
    )


def _lock(resource: Resource) -> Resource:
    return Resource.objects.select_for_update().get(pk=resource.pk)


def _check_language(language: str, field: str = "language") -> None:
    if language not in LANGUAGE_CODES:
        raise ValidationError({field: [_("“%(language)s” is not a language of the portal.") % {"language": language}]})


def _check_items(items: list[dict]) -> list[dict]:
    """Each item: {"language", "upload" or "url"}; everything is checked before anything is stored."""
    if not items:
        raise ValidationError({"files": [_("Add at least one file or link to the resource.")]})
    checked = []
    for item in items:
        language, upload, url = item.get("language", ""), item.get("upload"), (item.get("url") or "").strip()
        _check_language(language)
        if bool(upload) == bool(url):
            raise ValidationError({"files": [_("Give either a file or a link for each language, not both.")]})
        kind = checked_upload(upload, max_bytes=settings.RESOURCE_FILE_MAX_BYTES) if upload else ""
        checked.append({"language": language, "upload": upload, "url": url, "kind": kind})
    return checked


def _store(resource: Resource, item: dict, actor) -> ResourceFile:
    row = ResourceFile(resource=resource, language=item["language"], url=item["url"], added_by=actor)
    upload = item["upload"]
    if upload:
        row.file_kind, row.original_name, row.size = item["kind"], upload.name[:255], upload.size
        row.file.save(upload.name, upload, save=False)
    try:
        row.full_clean(exclude=["resource", "added_by", "file"])
        row.save()
    except Exception:
        # Storage is not transactional: a row that fails to save must not leave its file behind.
        if row.file:
            row.file.delete(save=False)
        raise
    return row


def _apply(resource: Resource, data: dict) -> None:
    for field in TRANSLATED_FIELDS:
        if field in data:
            setattr(resource, field_in(field, resource.original_language), (data[field] or "").strip())
    for field in PLAIN_FIELDS:
        if field in data:
            setattr(resource, field, data[field])


def _validate(resource: Resource) -> None:
    errors = {}
    if not resource.localized("title", resource.original_language).strip():
        errors["title"] = [_("Give the resource a title.")]
    if not resource.localized("summary", resource.original_language).strip():
        errors["summary"] = [_("Summarise the resource in a few sentences.")]
    elif len(resource.localized("summary", resource.original_language)) > MAX_SUMMARY_CHARS:
        errors["summary"] = [_("The summary is longer than %(limit)s characters.") % {"limit": MAX_SUMMARY_CHARS}]
    unknown = [code for code in resource.audiences if code not in Resource.Audience.values]
    if unknown:
        errors["audiences"] = [_("Unknown audience: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def resource_create(
    *, actor, original_language: str, kind: str, files: list[dict], organization=None, **data
) -> Resource:
    """A draft with at least one file or link; an editor's resource is marked curated (no review needed)."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied(_("Sign in to submit a resource."))
    if organization is not None and not is_member(actor, organization):
        raise PermissionDenied(_("You can only submit resources for your own organisation."))
    if organization is None and not is_editor(actor):
        membership = actor.memberships.select_related("organization").order_by("created_at").first()
        if membership is None:
            raise PermissionDenied(_("Register or join an organisation before submitting resources."))
        organization = membership.organization
    _check_language(original_language, "original_language")
    items = _check_items(files)
    resource = Resource(
        kind=kind,
        original_language=original_language,
        organization=organization,
        submitted_by=actor,
        curated=is_editor(actor),
    )
    _apply(resource, data)
    _validate(resource)
    resource.full_clean(exclude=["review_case", "organization", "submitted_by"])
    resource.save()
    for relation in RELATIONS:
        if relation in data:
            getattr(resource, relation).set(data[relation])
    for item in items:
        _store(resource, item, actor)
    audit_record(actor=actor, verb="resource.create", target=resource, to_state=resource.state)
    return resource


@transaction.atomic
def resource_file_add(*, resource: Resource, actor, language: str, upload=None, url: str = "") -> ResourceFile:
    resource = _lock(resource)
    if not (resource.submitted_by_id == actor.pk or is_editor(actor)):
        raise PermissionDenied(_("Only whoever submitted the resource, or an editor, adds files to it."))
    if resource.state not in (*EDITABLE_STATES, Resource.State.PUBLISHED) or (
        resource.state == Resource.State.PUBLISHED and not is_editor(actor)
    ):
        _refuse_state(resource, _("Files can be added to a draft or a revision."))
    (item,) = _check_items([{"language": language, "upload": upload, "url": url}])
    row = _store(resource, item, actor)
    if resource.state == Resource.State.PUBLISHED:
        search.index(resource)
    audit_record(actor=actor, verb="resource.file_add", target=resource, note=language)
    return row


def _editors():
    return get_user_model().objects.with_role("editor")


@transaction.atomic
def resource_submit(*, resource: Resource, actor) -> Resource:
    """To the review engine with the lighter resource rubric (relevance, quality, accessibility)."""
    resource = _lock(resource)
    if resource.submitted_by_id != actor.pk:
        raise PermissionDenied(_("Only whoever submitted the resource can send it to review."))
    if resource.state not in EDITABLE_STATES:
        _refuse_state(resource, _("It was already submitted."))
    if not resource.files.exists():
        raise ValidationError({"files": [_("Add at least one file or link to the resource.")]})
    title = resource.localized("title", resource.original_language)
    if resource.review_case is None:
        resource.review_case = case_open(
            owner=OWNER,
            title=title,
            language=resource.original_language,
            rubric=default_rubric("resource"),
            organization=resource.organization,
            submitter=actor,
            version_label="v1",
            countries=resource.countries.all(),
            themes=resource.themes.all(),
            exploitation_forms=resource.exploitation_forms.all(),
        )
    else:
        case_new_round(case=resource.review_case, version_label="v%s" % (resource.review_case.round + 1), actor=actor)
    from_state = resource.state
    resource.state = Resource.State.IN_REVIEW
    resource.submitted_at = timezone.now()
    resource.save(update_fields=["state", "submitted_at", "review_case"])
    audit_record(actor=actor, verb="resource.submit", target=resource, from_state=from_state, to_state=resource.state)
    for editor in _editors():
        notify(
            recipient=editor,
            kind="resource_submitted",
            context={"title": title, "url": link_for(editor, "resources:detail", pk=resource.pk)},
        )
    return resource


OUTCOME_STATES = {
    "accept": Resource.State.ACCEPTED,
    "revise": Resource.State.REVISION_REQUESTED,
    "reject": Resource.State.REJECTED,
}


def on_decision(*, case, decision, actor) -> None:
    """The review engine's callback, inside the decision's transaction."""
    resource = Resource.objects.select_for_update().get(review_case=case)
    if resource.state != Resource.State.IN_REVIEW:
        _refuse_state(resource, _("There is nothing to decide."))
    resource.state = OUTCOME_STATES[decision.outcome]
    resource.save(update_fields=["state"])
    audit_record(
        actor=actor, verb="resource.decision", target=resource, from_state="in_review", to_state=resource.state
    )


@transaction.atomic
def resource_publish(*, resource: Resource, actor) -> Resource:
    """An accepted resource, or an editor's curated draft, goes public and into the search index."""
    resource = _lock(resource)
    if not is_editor(actor):
        raise PermissionDenied(_("Only editors publish resources."))
    curated_draft = resource.curated and resource.state == Resource.State.DRAFT
    if resource.state != Resource.State.ACCEPTED and not curated_draft:
        _refuse_state(resource, _("Only an accepted resource, or an editors' curated draft, can be published."))
    if not resource.files.exists():
        raise ValidationError({"files": [_("Add at least one file or link to the resource.")]})
    from_state = resource.state
    resource.state = Resource.State.PUBLISHED
    resource.published_at = timezone.now()
    resource.save(update_fields=["state", "published_at"])
    search.index(resource)
    audit_record(actor=actor, verb="resource.publish", target=resource, from_state=from_state, to_state="published")
    if resource.submitted_by_id != actor.pk:
        notify(
            recipient=resource.submitted_by,
            kind="resource_published",
            context={
                "title": resource.localized("title", resource.original_language),
                "url": link_for(resource.submitted_by, "resources:detail", pk=resource.pk),
            },
        )
    return resource


@transaction.atomic
def resource_archive(*, resource: Resource, actor) -> Resource:
    resource = _lock(resource)
    if not is_editor(actor):
        raise PermissionDenied(_("Only editors archive resources."))
    if resource.state != Resource.State.PUBLISHED:
        _refuse_state(resource, _("Only a published resource can be archived."))
    resource.state = Resource.State.ARCHIVED
    resource.save(update_fields=["state"])
    search.index(resource)
    audit_record(actor=actor, verb="resource.archive", target=resource, from_state="published", to_state="archived")
    return resource


@transaction.atomic
def resource_translate(*, resource: Resource, actor, language: str, title: str, summary: str = "") -> Resource:
    """A courtesy translation of the title and summary; the original stays authoritative."""
    resource = _lock(resource)
    if not is_editor(actor):
        raise PermissionDenied(_("Only editors add translations."))
    _check_language(language)
    if language == resource.original_language:
        raise ValidationError({"language": [_("This is the original language; edit the resource itself.")]})
    if not title.strip():
        raise ValidationError({"title": [_("A translation needs at least a title.")]})
    setattr(resource, field_in("title", language), title.strip())
    setattr(resource, field_in("summary", language), summary.strip())
    resource.save()
    if resource.state == Resource.State.PUBLISHED:
        search.index(resource)
    audit_record(actor=actor, verb="resource.translate", target=resource, note=language)
    return resource
