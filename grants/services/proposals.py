"""The applicant's side of a proposal: draft, budget, results, attachments, submit, withdraw."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from grants.models import AttachmentKind, BudgetLine, ExpectedResult, GrantCall, Proposal, ProposalAttachment
from grants.services.screening import screening_prepare
from portal.accounts.permissions import is_member
from portal.audit.services import audit_record
from portal.errors import DomainError, InvalidTransition
from portal.files import checked_upload, save_with_file
from portal.notifications.services import link_for, notify

TEXT_FIELDS = ("title", "summary", "problem", "activities", "timeline", "original_language", "duration_months")
RELATIONS = ("countries", "exploitation_forms", "target_groups")


def refuse_state(proposal: Proposal, message: str):
    raise InvalidTransition(
        "%s %s" % (message, _("The proposal is %(state)s.") % {"state": proposal.get_state_display().lower()}),
        state=proposal.state,
    )


def lock(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _money(value, field: str, row: int) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(" ", ""))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: [_("Line %(row)s: the amount is not a number.") % {"row": row}]}) from None
    if not amount.is_finite():
        raise ValidationError({field: [_("Line %(row)s: the amount is not a number.") % {"row": row}]})
    return amount


def _parse_budget(call: GrantCall, lines) -> list[BudgetLine]:
    parsed = []
    for row, line in enumerate(lines, start=1):
        category = (line.get("category") or "").strip()
        description = (line.get("description") or "").strip()
        amount = _money(line.get("amount"), "budget_lines", row)
        if category not in BudgetLine.Category.values:
            raise ValidationError({"budget_lines": [_("Line %(row)s: choose a budget category.") % {"row": row}]})
        if not description:
            raise ValidationError(
                {"budget_lines": [_("Line %(row)s: describe what the money pays for.") % {"row": row}]}
            )
        if amount <= 0:
            raise ValidationError(
                {"budget_lines": [_("Line %(row)s: the amount must be more than zero.") % {"row": row}]}
            )
        if amount.as_tuple().exponent < -2:
            raise ValidationError({"budget_lines": [_("Line %(row)s: use at most two decimals.") % {"row": row}]})
        parsed.append(BudgetLine(category=category, description=description[:300], amount=amount, position=row))
    total = sum((line.amount for line in parsed), Decimal("0"))
    if total > call.max_award:
        raise ValidationError(
            {
                "budget_lines": [
                    _("The budget totals %(total)s %(currency)s, over the call's largest award of %(max)s.")
                    % {"total": total, "currency": call.currency, "max": call.max_award}
                ]
            }
        )
    return parsed


def _parse_results(results) -> list[ExpectedResult]:
    parsed = []
    for row, item in enumerate(results, start=1):
        result = (item.get("result") or "").strip()
        indicator = (item.get("indicator") or "").strip()
        target = _money(item.get("target"), "results", row)
        if not result or not indicator:
            raise ValidationError(
                {"results": [_("Result %(row)s: give the result and how it is measured.") % {"row": row}]}
            )
        if target < 0:
            raise ValidationError({"results": [_("Result %(row)s: the target cannot be negative.") % {"row": row}]})
        parsed.append(ExpectedResult(result=result[:300], indicator=indicator[:200], target=target, position=row))
    return parsed


def _apply(proposal: Proposal, data: dict) -> None:
    for field in TEXT_FIELDS:
        if field in data:
            setattr(proposal, field, data[field] if data[field] is not None or field == "duration_months" else "")
    if proposal.original_language not in dict(settings.LANGUAGES):
        raise ValidationError({"original_language": [_("Choose one of the portal's languages.")]})
    if proposal.duration_months is not None and not 1 <= proposal.duration_months <= 60:
        raise ValidationError({"duration_months": [_("A project lasts between 1 and 60 months.")]})
    if not (proposal.title or "").strip():
        raise ValidationError({"title": [_("Give the proposal a title.")]})


def _write_lines(proposal: Proposal, data: dict) -> None:
    for field in RELATIONS:
        if field in data:
            getattr(proposal, field).set(data[field])
    if "budget_lines" in data:
        lines = _parse_budget(proposal.call, data["budget_lines"])
        total = sum((line.amount for line in lines), Decimal("0"))
        declared = data.get("requested_amount")
        if declared not in (None, "") and _money(declared, "requested_amount", 0) != total:
            raise ValidationError(
                {
                    "requested_amount": [
                        _("The budget lines add up to %(total)s, not %(declared)s.")
                        % {"total": total, "declared": declared}
                    ]
                }
            )
        proposal.budget_lines.all().delete()
        for line in lines:
            line.proposal = proposal
        BudgetLine.objects.bulk_create(lines)
        proposal.requested_amount = total
        proposal.save(update_fields=["requested_amount"])
    if "results" in data:
        results = _parse_results(data["results"])
        proposal.results.all().delete()
        for result in results:
            result.proposal = proposal
        ExpectedResult.objects.bulk_create(results)


@transaction.atomic
def proposal_create(*, call: GrantCall, organization, actor, **data) -> Proposal:
    """A draft; the call is locked so two members starting at once cannot exceed the call's limit."""
    call = GrantCall.objects.select_for_update().get(pk=call.pk)
    if not is_member(actor, organization):
        raise PermissionDenied(_("Only members of the organisation can apply on its behalf."))
    if not organization.is_verified:
        raise DomainError(_("Your organisation must be verified by our staff before it can apply."))
    if not call.is_open():
        raise DomainError(_("This call is not open for proposals."))
    existing = call.proposals.filter(organization=organization).exclude(state=Proposal.State.WITHDRAWN).count()
    if existing >= call.proposals_per_organization:
        raise DomainError(
            _("Your organisation already has a proposal in this call, which allows %(count)s per organisation.")
            % {"count": call.proposals_per_organization}
        )
    proposal = Proposal(
        call=call, organization=organization, created_by=actor, original_language=actor.preferred_language
    )
    _apply(proposal, data)
    proposal.save()
    _write_lines(proposal, data)
    audit_record(actor=actor, verb="proposal.create", target=proposal, to_state=proposal.state)
    return proposal


@transaction.atomic
def proposal_update(*, proposal: Proposal, actor, **data) -> Proposal:
    proposal = lock(proposal)
    if not is_member(actor, proposal.organization):
        raise PermissionDenied(_("Only members of the organisation can edit its proposal."))
    if proposal.state != Proposal.State.DRAFT:
        refuse_state(proposal, _("Only a draft can be edited."))
    _apply(proposal, data)
    proposal.save()
    _write_lines(proposal, data)
    return proposal


@transaction.atomic
def attachment_add(*, proposal: Proposal, actor, kind: str, upload) -> ProposalAttachment:
    proposal = lock(proposal)
    if not is_member(actor, proposal.organization):
        raise PermissionDenied(_("Only members of the organisation can add attachments."))
    if proposal.state != Proposal.State.DRAFT:
        refuse_state(proposal, _("Attachments can only be added to a draft."))
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": [_("Choose what kind of document this is.")]})
    file_type = checked_upload(upload, max_bytes=settings.PRACTICE_ATTACHMENT_MAX_BYTES)
    attachment = ProposalAttachment(
        proposal=proposal,
        kind=kind,
        file_type=file_type,
        original_name=upload.name[:255],
        size=upload.size,
        uploaded_by=actor,
    )
    save_with_file(attachment, upload)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: ProposalAttachment, actor) -> None:
    proposal = lock(attachment.proposal)
    if not is_member(actor, proposal.organization):
        raise PermissionDenied(_("Only members of the organisation can remove attachments."))
    if proposal.state != Proposal.State.DRAFT:
        refuse_state(proposal, _("Attachments can only be removed from a draft."))
    stored = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))


def missing_for_submission(proposal: Proposal) -> dict[str, list[str]]:
    """What stops a draft from being submitted, field by field, in words an applicant understands."""
    call = proposal.call
    errors: dict[str, list[str]] = {}
    for field in ("title", "summary", "problem", "activities", "timeline"):
        if not getattr(proposal, field).strip():
            errors[field] = [_("This is required to submit.")]
    if not proposal.duration_months:
        errors["duration_months"] = [_("Say how many months the project lasts.")]
    if not proposal.countries.exists():
        errors["countries"] = [_("Choose at least one country where the project takes place.")]
    if not proposal.budget_lines.exists():
        errors["budget_lines"] = [_("Add the budget, line by line.")]
    elif not call.min_award <= proposal.requested_amount <= call.max_award:
        errors["budget_lines"] = [
            _("The amount requested must be between %(min)s and %(max)s %(currency)s.")
            % {"min": call.min_award, "max": call.max_award, "currency": call.currency}
        ]
    if not proposal.results.exists():
        errors["results"] = [_("Add at least one expected result with its indicator and target.")]
    present = set(proposal.attachments.values_list("kind", flat=True))
    missing = [kind for kind in call.required_attachments if kind not in present]
    if missing:
        labels = dict(AttachmentKind.choices)
        errors["attachments"] = [
            _("Attach: %(documents)s.") % {"documents": ", ".join(str(labels.get(kind, kind)) for kind in missing)}
        ]
    return errors


@transaction.atomic
def proposal_submit(*, proposal: Proposal, actor) -> Proposal:
    proposal = lock(proposal)
    call = proposal.call
    if not is_member(actor, proposal.organization):
        raise PermissionDenied(_("Only members of the organisation can submit its proposal."))
    if proposal.state != Proposal.State.DRAFT:
        refuse_state(proposal, _("It was already submitted."))
    now = timezone.now()
    if now >= call.closes:
        raise InvalidTransition(
            _("The call closed on %(date)s; proposals can no longer be submitted.")
            % {"date": formats.date_format(timezone.localtime(call.closes), "DATETIME_FORMAT")},
            state=proposal.state,
        )
    if not proposal.organization.is_verified:
        raise DomainError(_("Your organisation must be verified by our staff before it can apply."))
    errors = missing_for_submission(proposal)
    if errors:
        raise ValidationError(errors)
    proposal.state = Proposal.State.SUBMITTED
    proposal.submitted_at = now
    proposal.save(update_fields=["state", "submitted_at"])
    screening_prepare(proposal)
    audit_record(actor=actor, verb="proposal.submit", target=proposal, from_state="draft", to_state=proposal.state)
    notify(
        recipient=actor,
        kind="proposal_submitted",
        context={
            "title": proposal.title,
            "call": call.title,
            "url": link_for(actor, "grants:proposal", pk=proposal.pk),
        },
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor) -> Proposal:
    proposal = lock(proposal)
    if not is_member(actor, proposal.organization):
        raise PermissionDenied(_("Only members of the organisation can withdraw its proposal."))
    allowed = (Proposal.State.DRAFT, Proposal.State.SUBMITTED, Proposal.State.SCREENING, Proposal.State.ELIGIBLE)
    if proposal.state not in allowed:
        refuse_state(proposal, _("It can only be withdrawn before the board evaluates it."))
    from_state = proposal.state
    proposal.state = Proposal.State.WITHDRAWN
    proposal.save(update_fields=["state"])
    audit_record(actor=actor, verb="proposal.withdraw", target=proposal, from_state=from_state, to_state=proposal.state)
    return proposal
