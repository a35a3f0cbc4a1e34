"""Eligibility screening: a checklist computed from the data where it can be, answered by a manager otherwise."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.models import AttachmentKind, Proposal, ScreeningItem
from grants.permissions import is_grant_manager
from portal.audit.services import audit_record
from portal.errors import InvalidTransition
from portal.notifications.services import link_for, notify

SCREENABLE = (Proposal.State.SUBMITTED, Proposal.State.SCREENING)
# The automatic checks, in the checklist's order (generate_load_data writes the same items in bulk).
CHECK_LABELS = {
    "organization_kind": gettext_lazy("The kind of organisation is eligible"),
    "organization_country": gettext_lazy("The organisation's country is eligible"),
    "organization_verified": gettext_lazy("The organisation is verified"),
    "amount_within_limits": gettext_lazy("The amount requested is within the call's limits"),
    "attachments_present": gettext_lazy("The required attachments are present"),
    "on_time": gettext_lazy("Submitted before the deadline"),
}


def automatic_checks(proposal: Proposal) -> list[tuple[str, str, bool, str]]:
    """(key, label, passed, detail) for what the data alone can tell."""
    call = proposal.call
    organization = proposal.organization
    eligible_countries = set(call.eligible_countries.values_list("pk", flat=True))
    present = set(proposal.attachments.values_list("kind", flat=True))
    missing = [
        str(dict(AttachmentKind.choices).get(kind, kind)) for kind in call.required_attachments if kind not in present
    ]
    submitted = proposal.submitted_at or timezone.now()
    passed = {
        "organization_kind": (call.admits_kind(organization.kind), organization.get_kind_display()),
        "organization_country": (
            not eligible_countries or organization.country_id in eligible_countries,
            organization.country.name,
        ),
        "organization_verified": (organization.is_verified, ""),
        "amount_within_limits": (
            call.min_award <= proposal.requested_amount <= call.max_award,
            "%s %s" % (proposal.requested_amount, call.currency),
        ),
        "attachments_present": (not missing, ", ".join(missing)),
        "on_time": (submitted < call.closes, ""),
    }
    return [(key, label, *passed[key]) for key, label in CHECK_LABELS.items()]


def screening_prepare(proposal: Proposal) -> list[ScreeningItem]:
    """Called inside the submission's transaction: the checklist as it stood when the proposal came in."""
    proposal.screening_items.all().delete()
    items = [
        ScreeningItem(
            proposal=proposal,
            key=key,
            label=str(label)[:300],
            automatic=True,
            passed=passed,
            detail=detail[:300],
            position=position,
        )
        for position, (key, label, passed, detail) in enumerate(automatic_checks(proposal))
    ]
    offset = len(items)
    items += [
        ScreeningItem(proposal=proposal, key="question-%s" % number, label=question[:300], position=offset + number)
        for number, question in enumerate(proposal.call.screening_questions, start=1)
    ]
    return ScreeningItem.objects.bulk_create(items)


def _lock_screenable(proposal: Proposal, actor) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not is_grant_manager(actor):
        raise PermissionDenied(_("Only grant managers screen proposals."))
    if proposal.state not in SCREENABLE:
        raise InvalidTransition(
            _("This proposal is already screened (%(state)s).") % {"state": proposal.get_state_display().lower()},
            state=proposal.state,
        )
    return proposal


@transaction.atomic
def screening_answer(*, item: ScreeningItem, passed: bool, actor, detail: str = "") -> ScreeningItem:
    proposal = _lock_screenable(item.proposal, actor)
    item = ScreeningItem.objects.select_for_update().get(pk=item.pk)
    if item.automatic:
        raise ValidationError({"item": [_("This check is computed from the proposal and cannot be answered by hand.")]})
    item.passed = passed
    item.detail = detail.strip()[:300]
    item.answered_by = actor
    item.save(update_fields=["passed", "detail", "answered_by"])
    if proposal.state == Proposal.State.SUBMITTED:
        proposal.state = Proposal.State.SCREENING
        proposal.save(update_fields=["state"])
    audit_record(actor=actor, verb="proposal.screening_answer", target=proposal, note="%s: %s" % (item.key, passed))
    return item


@transaction.atomic
def proposal_screen(*, proposal: Proposal, eligible: bool, actor, reason: str = "") -> Proposal:
    """The outcome: eligible proposals go on to the board; ineligible ones are told why."""
    proposal = _lock_screenable(proposal, actor)
    reason = reason.strip()
    items = list(proposal.screening_items.all())
    if eligible:
        failed = [item.label for item in items if item.passed is False]
        if failed:
            raise ValidationError(
                {
                    "eligible": [
                        _("These checks failed: %(checks)s. The proposal cannot be eligible.")
                        % {"checks": "; ".join(failed)}
                    ]
                }
            )
        # One-click screening: a manager who finds the proposal eligible answers the open questions yes.
        ScreeningItem.objects.filter(proposal=proposal, passed__isnull=True).update(passed=True, answered_by=actor)
    elif not reason:
        raise ValidationError({"reason": [_("Give the reason the applicant will receive.")]})
    from_state = proposal.state
    proposal.state = Proposal.State.ELIGIBLE if eligible else Proposal.State.INELIGIBLE
    proposal.screening_reason = reason
    proposal.screened_by = actor
    proposal.screened_at = timezone.now()
    proposal.save(update_fields=["state", "screening_reason", "screened_by", "screened_at"])
    audit_record(
        actor=actor,
        verb="proposal.screen",
        target=proposal,
        from_state=from_state,
        to_state=proposal.state,
        note=reason,
    )
    for member in proposal.organization.members.filter(is_active=True):
        notify(
            recipient=member,
            kind="proposal_screened",
            context={
                "title": proposal.title,
                "call": proposal.call.title,
                "eligible": eligible,
                "reason": reason,
                "url": link_for(member, "grants:proposal", pk=proposal.pk),
            },
        )
    return proposal
