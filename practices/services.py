"""The practice lifecycle (DESIGN.md): one function per transition."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.accounts.permissions import is_member
from portal.audit.services import audit_record
from portal.errors import DomainError, InvalidTransition
from portal.files import checked_upload, extract_text, save_with_file
from portal.notifications.services import link_for, notify
from practices import search
from practices.models import (
    TRANSLATED_FIELDS,
    Attachment,
    Practice,
    PracticeCall,
    PracticeTranslation,
    PracticeVersion,
    SafeguardingFinding,
    field_in,
)
from practices.permissions import is_editor
from practices.safeguarding import scan_text
from reviews.services.cases import case_new_round, case_open, default_rubric

OWNER = "practices.practice"
RELATIONS = ("countries", "themes", "exploitation_forms", "target_groups", "sectors", "partner_organizations")
PLAIN_FIELDS = (
    "scope",
    "start_date",
    "end_date",
    "implementation_status",
    "budget_range",
    "links",
    "contact_name",
    "contact_email",
    "contact_public",
    "no_victim_data",
)
EDITABLE_STATES = (Practice.State.DRAFT, Practice.State.REVISION_REQUESTED)


def _refuse_state(practice: Practice, message: str):
    raise InvalidTransition(
        "%s %s" % (message, _("The practice is %(state)s.") % {"state": practice.get_state_display().lower()}),
        state=practice.state,
    )


def _lock(practice: Practice) -> Practice:
    return Practice.objects.select_for_update().get(pk=practice.pk)


def _check_call(call: PracticeCall | None, organization) -> None:
    if call is None:
        return
    now = timezone.now()
    if now >= call.deadline:
        raise DomainError(
            _("The call “%(call)s” closed on %(date)s; submissions are no longer accepted.")
            % {"call": call.title, "date": formats.date_format(call.deadline, "DATETIME_FORMAT")}
        )
    if now < call.opens:
        raise DomainError(
            _("The call “%(call)s” opens on %(date)s.")
            % {"call": call.title, "date": formats.date_format(call.opens, "DATETIME_FORMAT")}
        )
    if not call.admits(organization.kind):
        raise DomainError(_("This call is not open to organisations of your kind."))


def _apply(practice: Practice, data: dict) -> None:
    """Content is written in the practice's original language; translations come later, per language."""
    for field in TRANSLATED_FIELDS:
        if field in data:
            setattr(practice, field_in(field, practice.original_language), data[field] or "")
    for field in PLAIN_FIELDS:
        if field in data:
            setattr(practice, field, data[field])


def _apply_relations(practice: Practice, data: dict) -> None:
    for relation in RELATIONS:
        if relation in data:
            getattr(practice, relation).set(data[relation])


@transaction.atomic
def practice_create(
    *, actor, organization, original_language: str, call: PracticeCall | None = None, **data
) -> Practice:
    if not is_member(actor, organization):
        raise PermissionDenied(_("You can only submit practices for your own organisation."))
    _check_call(call, organization)
    practice = Practice(organization=organization, submitted_by=actor, call=call, original_language=original_language)
    _apply(practice, data)
    practice.full_clean(exclude=["review_case"])
    practice.save()
    _apply_relations(practice, data)
    audit_record(actor=actor, verb="practice.create", target=practice, to_state=practice.state)
    return practice


@transaction.atomic
def practice_update(*, practice: Practice, actor, **data) -> Practice:
    practice = _lock(practice)
    if not is_member(actor, practice.organization):
        raise PermissionDenied(_("Only members of the practice's organisation can edit it."))
    if practice.state not in EDITABLE_STATES:
        _refuse_state(practice, _("It can only be edited as a draft or when a revision is requested."))
    _apply(practice, data)
    practice.full_clean(exclude=["review_case"])
    practice.save()
    _apply_relations(practice, data)
    return practice


def missing_for_submission(practice: Practice) -> dict[str, list[str]]:
    """What still blocks submission, by field; empty when the practice can be submitted."""
    errors: dict[str, list[str]] = {}
    required = _("This field is required before you submit.")
    for field in ("title", "summary", "description", "results"):
        if not (getattr(practice, field_in(field, practice.original_language)) or "").strip():
            errors[field] = [required]
    for field in ("scope", "implementation_status"):
        if not getattr(practice, field):
            errors[field] = [required]
    for relation in ("countries", "themes"):
        if not getattr(practice, relation).exists():
            errors[relation] = [_("Choose at least one.")]
    if not practice.no_victim_data:
        errors["no_victim_data"] = [
            _("Please confirm that the practice holds no information that could identify victims or survivors.")
        ]
    if practice.call_id and practice.call.requires_completed and practice.implementation_status == "ongoing":
        errors["implementation_status"] = [_("This call accepts only completed or nearly completed practices.")]
    return errors


def snapshot(practice: Practice) -> dict:
    data = {field: getattr(practice, field_in(field, practice.original_language)) for field in TRANSLATED_FIELDS}
    data.update({field: getattr(practice, field) for field in PLAIN_FIELDS})
    data["start_date"] = practice.start_date.isoformat() if practice.start_date else None
    data["end_date"] = practice.end_date.isoformat() if practice.end_date else None
    for relation in RELATIONS:
        data[relation] = sorted(str(item) for item in getattr(practice, relation).all())
    data["attachments"] = [attachment.original_name for attachment in practice.attachments.all()]
    return data


def _scan(practice: Practice, version: int) -> int:
    texts = [(field, getattr(practice, field_in(field, practice.original_language))) for field in TRANSLATED_FIELDS]
    texts += [(_("attachment: %(name)s") % {"name": a.original_name}, a.text) for a in practice.attachments.all()]
    findings = [finding for source, text in texts if text for finding in scan_text(text, source=source)]
    SafeguardingFinding.objects.bulk_create(
        SafeguardingFinding(practice=practice, kind=f.kind, source=f.source, excerpt=f.excerpt, version=version)
        for f in findings
    )
    return len(findings)


def _editors():
    return get_user_model().objects.with_role("editor")


@transaction.atomic
def practice_submit(*, practice: Practice, actor) -> Practice:
    practice = _lock(practice)
    if not is_member(actor, practice.organization):
        raise PermissionDenied(_("Only members of the practice's organisation can submit it."))
    if practice.state not in EDITABLE_STATES:
        _refuse_state(practice, _("It was already submitted."))
    if practice.state == Practice.State.DRAFT:
        _check_call(practice.call, practice.organization)
    errors = missing_for_submission(practice)
    if errors:
        raise ValidationError(errors)
    number = practice.versions.count() + 1
    PracticeVersion.objects.create(practice=practice, number=number, data=snapshot(practice), submitted_by=actor)
    from_state = practice.state
    title = practice.localized("title", practice.original_language)
    if practice.review_case is None:
        call = practice.call
        practice.review_case = case_open(
            owner=OWNER,
            title=title,
            language=practice.original_language,
            rubric=call.rubric if call else default_rubric("practice"),
            organization=practice.organization,
            submitter=actor,
            blind_mode=call.blind_mode if call else "single",
            reviewers_see_reviews=call.reviewers_see_reviews if call else True,
            reviewers_see_each_other=call.reviewers_see_each_other if call else False,
            version_label="v%s" % number,
            countries=practice.countries.all(),
            themes=practice.themes.all(),
            exploitation_forms=practice.exploitation_forms.all(),
        )
    practice.state = Practice.State.SUBMITTED
    practice.submitted_at = timezone.now()
    practice.save(update_fields=["state", "submitted_at", "review_case"])
    found = _scan(practice, number)
    audit_record(
        actor=actor,
        verb="practice.submit",
        target=practice,
        from_state=from_state,
        to_state=practice.state,
        note="v%s, %s safeguarding findings" % (number, found),
    )
    for editor in _editors():
        notify(
            recipient=editor,
            kind="practice_submitted",
            context={
                "title": title,
                "practice_id": practice.pk,
                "url": link_for(editor, "practices:detail", pk=practice.pk),
            },
        )
    return practice


@transaction.atomic
def practice_withdraw(*, practice: Practice, actor) -> Practice:
    practice = _lock(practice)
    if not is_member(actor, practice.organization):
        raise PermissionDenied(_("Only members of the practice's organisation can withdraw it."))
    allowed = (
        Practice.State.DRAFT,
        Practice.State.SUBMITTED,
        Practice.State.IN_REVIEW,
        Practice.State.REVISION_REQUESTED,
    )
    if practice.state not in allowed:
        _refuse_state(practice, _("It can only be withdrawn before a decision."))
    from_state = practice.state
    practice.state = Practice.State.WITHDRAWN
    practice.save(update_fields=["state"])
    audit_record(actor=actor, verb="practice.withdraw", target=practice, from_state=from_state, to_state=practice.state)
    return practice


@transaction.atomic
def practice_send_to_review(*, practice: Practice, actor) -> Practice:
    """The editor screened the submission; a resubmitted revision opens the next round of the same case."""
    practice = _lock(practice)
    if not is_editor(actor):
        raise PermissionDenied(_("Only editors send practices to review."))
    if practice.state != Practice.State.SUBMITTED:
        _refuse_state(practice, _("Only a submitted practice can be sent to review."))
    case = practice.review_case
    if case.decisions.filter(round=case.round).exists():
        case_new_round(case=case, version_label="v%s" % practice.versions.count(), actor=actor)
    practice.state = Practice.State.IN_REVIEW
    practice.save(update_fields=["state"])
    audit_record(
        actor=actor, verb="practice.send_to_review", target=practice, from_state="submitted", to_state="in_review"
    )
    return practice


OUTCOME_STATES = {
    "accept": Practice.State.ACCEPTED,
    "revise": Practice.State.REVISION_REQUESTED,
    "reject": Practice.State.REJECTED,
}


def on_decision(*, case, decision, actor) -> None:
    """The engine's callback, inside the decision's transaction."""
    practice = Practice.objects.select_for_update().get(review_case=case)
    if practice.state not in (Practice.State.SUBMITTED, Practice.State.IN_REVIEW):
        _refuse_state(practice, _("There is nothing to decide."))
    from_state = practice.state
    practice.state = OUTCOME_STATES[decision.outcome]
    practice.save(update_fields=["state"])
    audit_record(actor=actor, verb="practice.decision", target=practice, from_state=from_state, to_state=practice.state)


@transaction.atomic
def practice_publish(*, practice: Practice, actor) -> Practice:
    practice = _lock(practice)
    if not is_editor(actor):
        raise PermissionDenied(_("Only editors publish practices."))
    if practice.state != Practice.State.ACCEPTED:
        _refuse_state(practice, _("Only an accepted practice can be published."))
    open_findings = practice.findings.filter(state=SafeguardingFinding.State.OPEN).count()
    if open_findings:
        raise InvalidTransition(
            _("%(count)s safeguarding findings are still open: clear them or send the practice back first.")
            % {"count": open_findings},
            state=practice.state,
        )
    practice.state = Practice.State.PUBLISHED
    practice.published_at = timezone.now()
    practice.save(update_fields=["state", "published_at"])
    search.index(practice)
    audit_record(actor=actor, verb="practice.publish", target=practice, from_state="accepted", to_state="published")
    notify(
        recipient=practice.submitted_by,
        kind="practice_published",
        context={
            "title": practice.localized("title", practice.original_language),
            "practice_id": practice.pk,
            "url": link_for(practice.submitted_by, "practices:detail", pk=practice.pk),
        },
    )
    return practice


@transaction.atomic
def practice_send_back(*, practice: Practice, actor, note: str = "") -> Practice:
    """An accepted practice goes back to its organisation, e.g. to remove what the safeguarding scan found."""
    practice = _lock(practice)
    if not is_editor(actor):
        raise PermissionDenied(_("Only editors send practices back."))
    if practice.state != Practice.State.ACCEPTED:
        _refuse_state(practice, _("Only an accepted practice can be sent back before publication."))
    practice.state = Practice.State.REVISION_REQUESTED
    practice.save(update_fields=["state"])
    audit_record(
        actor=actor,
        verb="practice.send_back",
        target=practice,
        from_state="accepted",
        to_state=practice.state,
        note=note,
    )
    findings = [
        "%s — %s" % (finding.source, finding.excerpt)
        for finding in practice.findings.filter(state=SafeguardingFinding.State.OPEN)
    ]
    notify(
        recipient=practice.submitted_by,
        kind="practice_sent_back",
        context={
            "title": practice.localized("title", practice.original_language),
            "note": note,
            "findings": findings,
            "url": link_for(practice.submitted_by, "practices:edit", pk=practice.pk),
        },
    )
    return practice


@transaction.atomic
def practice_archive(*, practice: Practice, actor) -> Practice:
    practice = _lock(practice)
    if not is_editor(actor):
        raise PermissionDenied(_("Only editors archive practices."))
    if practice.state != Practice.State.PUBLISHED:
        _refuse_state(practice, _("Only a published practice can be archived."))
    practice.state = Practice.State.ARCHIVED
    practice.save(update_fields=["state"])
    search.index(practice)
    audit_record(actor=actor, verb="practice.archive", target=practice, from_state="published", to_state="archived")
    return practice


@transaction.atomic
def finding_clear(*, finding: SafeguardingFinding, actor, note: str = "") -> SafeguardingFinding:
    finding = SafeguardingFinding.objects.select_for_update().get(pk=finding.pk)
    if not is_editor(actor):
        raise PermissionDenied(_("Only editors clear safeguarding findings."))
    if finding.state == SafeguardingFinding.State.CLEARED:
        raise InvalidTransition(_("This finding is already cleared."), state=finding.state)
    finding.state = SafeguardingFinding.State.CLEARED
    finding.cleared_by = actor
    finding.cleared_at = timezone.now()
    finding.save(update_fields=["state", "cleared_by", "cleared_at"])
    audit_record(actor=actor, verb="safeguarding.clear", target=finding.practice, note="%s: %s" % (finding.kind, note))
    return finding


@transaction.atomic
def call_create(*, actor, title: str, description: str, opens, deadline, criteria: str = "", themes=(), **options):
    if not is_editor(actor):
        raise PermissionDenied(_("Only editors open calls for practices."))
    if deadline <= opens:
        raise ValidationError({"deadline": [_("The deadline must come after the opening date.")]})
    options.setdefault("rubric", None)
    if options["rubric"] is None:
        options["rubric"] = default_rubric("practice")
    call = PracticeCall(opens=opens, deadline=deadline, created_by=actor, **options)
    # Written in the editor's active language; translations are added per language in the admin.
    call.title, call.description, call.criteria = title, description, criteria
    call.save()
    call.themes.set(themes)
    audit_record(actor=actor, verb="call.create", target=call)
    return call


@transaction.atomic
def attachment_add(*, practice: Practice, actor, upload) -> Attachment:
    """Type checked by content, not by name; the text is kept for the safeguarding scan."""
    practice = _lock(practice)
    if not is_member(actor, practice.organization):
        raise PermissionDenied(_("Only members of the practice's organisation can add attachments."))
    if practice.state not in EDITABLE_STATES:
        _refuse_state(practice, _("Attachments can only be added to a draft or a revision."))
    kind = checked_upload(upload, max_bytes=settings.PRACTICE_ATTACHMENT_MAX_BYTES)
    text = extract_text(upload, kind)
    upload.seek(0)
    attachment = Attachment(
        practice=practice, kind=kind, original_name=upload.name[:255], size=upload.size, text=text, uploaded_by=actor
    )
    save_with_file(attachment, upload)
    return attachment


@transaction.atomic
def practice_translate(*, practice: Practice, actor, language: str, **fields) -> Practice:
    """Add or correct a translation of an accepted or published practice; the original stays authoritative."""

    practice = _lock(practice)
    if not is_editor(actor):
        raise PermissionDenied(_("Only editors add translations."))
    if practice.state not in (Practice.State.ACCEPTED, Practice.State.PUBLISHED):
        _refuse_state(practice, _("Only accepted or published practices are translated."))
    if language == practice.original_language:
        raise ValidationError({"language": [_("This is the original language; edit the practice itself.")]})
    if not (fields.get("title") or "").strip():
        raise ValidationError({"title": [_("A translation needs at least a title.")]})
    for field in TRANSLATED_FIELDS:
        if field in fields:
            setattr(practice, field_in(field, language), fields[field] or "")
    practice.save()
    PracticeTranslation.objects.update_or_create(
        practice=practice, language=language, defaults={"translated_by": actor}
    )
    search.index(practice)
    audit_record(actor=actor, verb="practice.translate", target=practice, note=language)
    return practice
