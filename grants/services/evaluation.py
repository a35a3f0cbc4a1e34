"""Board evaluation through the review engine, then awards within the call's budget."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grants import search
from grants.apps import OWNER
from grants.models import Grant, GrantCall, Proposal, Report, Tranche
from grants.permissions import is_grant_manager
from grants.services.proposals import refuse_state
from portal.audit.services import audit_record
from portal.errors import DomainError, InvalidTransition
from reviews.services.cases import case_open
from reviews.services.decisions import decision_make

DECIDABLE = (Proposal.State.UNDER_EVALUATION, Proposal.State.SHORTLISTED)
FIRST_TRANCHE_SHARE = Decimal("0.6")


def _require_manager(actor) -> None:
    if not is_grant_manager(actor):
        raise PermissionDenied(_("Only grant managers do this."))


@transaction.atomic
def proposals_send_to_board(*, call: GrantCall, actor) -> list[Proposal]:
    """Every eligible proposal of the call gets a review case the board scores with the call's rubric."""
    _require_manager(actor)
    sent = []
    for proposal in (
        call.proposals.select_for_update().filter(state=Proposal.State.ELIGIBLE).select_related("organization")
    ):
        proposal.review_case = case_open(
            owner=OWNER,
            title=proposal.title,
            language=proposal.original_language,
            rubric=call.rubric,
            organization=proposal.organization,
            submitter=proposal.created_by,
            blind_mode="single",
            reviewers_see_reviews=False,
            version_label="v1",
            countries=proposal.countries.all(),
            themes=call.themes.all(),
            exploitation_forms=proposal.exploitation_forms.all(),
        )
        proposal.state = Proposal.State.UNDER_EVALUATION
        proposal.save(update_fields=["review_case", "state"])
        audit_record(
            actor=actor, verb="proposal.send_to_board", target=proposal, from_state="eligible", to_state=proposal.state
        )
        sent.append(proposal)
    return sent


@transaction.atomic
def proposal_shortlist(*, proposal: Proposal, actor) -> Proposal:
    _require_manager(actor)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state != Proposal.State.UNDER_EVALUATION:
        refuse_state(proposal, _("Only a proposal under evaluation can be shortlisted."))
    proposal.state = Proposal.State.SHORTLISTED
    proposal.save(update_fields=["state"])
    audit_record(
        actor=actor, verb="proposal.shortlist", target=proposal, from_state="under_evaluation", to_state="shortlisted"
    )
    return proposal


def remaining_budget(call: GrantCall) -> Decimal:
    return call.budget - (call.grants.aggregate(total=Sum("amount"))["total"] or Decimal("0"))


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": [_("The amount is not a number.")]}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({"amount": [_("The amount must be more than zero.")]})
    if amount.as_tuple().exponent < -2:
        raise ValidationError({"amount": [_("Use at most two decimals.")]})
    return amount


def _letter(proposal: Proposal, template: str, **context) -> str:
    with translation.override(proposal.created_by.preferred_language):
        return render_to_string(
            "grants/letters/%s.txt" % template, {"proposal": proposal, "call": proposal.call, **context}, using="text"
        ).strip()


@transaction.atomic
def proposal_award(*, proposal: Proposal, amount, actor, letter: str = "", note: str = "") -> Grant:
    """Awards never exceed the budget: the call row is locked first, so concurrent awards queue up."""
    _require_manager(actor)
    amount = _amount(amount)
    call = GrantCall.objects.select_for_update().get(pk=proposal.call_id)
    proposal = Proposal.objects.select_for_update().select_related("created_by").get(pk=proposal.pk)
    if proposal.state not in DECIDABLE:
        refuse_state(proposal, _("Only a proposal the board evaluated can be awarded."))
    if amount > proposal.requested_amount:
        raise ValidationError(
            {
                "amount": [
                    _("The award cannot be more than the %(requested)s requested.")
                    % {"requested": proposal.requested_amount}
                ]
            }
        )
    if not call.min_award <= amount <= call.max_award:
        raise ValidationError(
            {
                "amount": [
                    _("Awards in this call are between %(min)s and %(max)s.")
                    % {"min": call.min_award, "max": call.max_award}
                ]
            }
        )
    remaining = remaining_budget(call)
    if amount > remaining:
        raise InvalidTransition(
            _("Only %(remaining)s %(currency)s remain in the call's budget; %(amount)s cannot be awarded.")
            % {"remaining": remaining, "currency": call.currency, "amount": amount},
            state="budget_exhausted" if remaining <= 0 else "budget_insufficient",
        )
    today = timezone.localdate()
    ends = today + relativedelta(months=proposal.duration_months or 12)
    try:
        with transaction.atomic():
            grant = Grant.objects.create(
                proposal=proposal,
                call=call,
                organization=proposal.organization,
                amount=amount,
                currency=call.currency,
                starts=today,
                ends=ends,
                awarded_by=actor,
            )
    except IntegrityError as error:
        # The database's own guard (grants migration 0002); the lock above should make it unreachable.
        raise InvalidTransition(_("This award would exceed the call's budget."), state="budget_insufficient") from error
    first = (amount * FIRST_TRANCHE_SHARE).quantize(Decimal("0.01"))
    Tranche.objects.bulk_create(
        [
            Tranche(grant=grant, number=1, amount=first, due_date=today + timedelta(days=14)),
            Tranche(grant=grant, number=2, amount=amount - first, due_date=ends),
        ]
    )
    midpoint = today + (ends - today) / 2
    Report.objects.bulk_create(
        [
            Report(grant=grant, kind=Report.Kind.PROGRESS, due_date=midpoint),
            Report(grant=grant, kind=Report.Kind.FINAL, due_date=ends + timedelta(days=30)),
        ]
    )
    from_state = proposal.state
    proposal.state = Proposal.State.AWARDED
    proposal.save(update_fields=["state"])
    search.index(grant)
    audit_record(
        actor=actor,
        verb="proposal.award",
        target=proposal,
        from_state=from_state,
        to_state=proposal.state,
        note="%s %s" % (amount, call.currency),
    )
    # The engine records the decision and writes the letter to the applicant (outbox) in this transaction.
    decision_make(
        case=proposal.review_case,
        outcome="accept",
        letter=letter.strip() or _letter(proposal, "award", amount=amount, grant=grant),
        actor=actor,
        force_note=note,
    )
    return grant


@transaction.atomic
def proposal_decline(*, proposal: Proposal, actor, letter: str = "", note: str = "") -> Proposal:
    """Declined applicants receive the letter and the board's comments to the author, never the scores."""
    _require_manager(actor)
    proposal = Proposal.objects.select_for_update().select_related("created_by", "call").get(pk=proposal.pk)
    if proposal.state not in DECIDABLE:
        refuse_state(proposal, _("Only a proposal the board evaluated can be declined."))
    from_state = proposal.state
    proposal.state = Proposal.State.DECLINED
    proposal.save(update_fields=["state"])
    audit_record(actor=actor, verb="proposal.decline", target=proposal, from_state=from_state, to_state=proposal.state)
    decision_make(
        case=proposal.review_case,
        outcome="reject",
        letter=letter.strip() or _letter(proposal, "decline"),
        actor=actor,
        force_note=note,
    )
    return proposal


def on_decision(*, case, decision, actor) -> None:
    """The engine's callback: grant decisions are made by awarding or declining, which set the state first."""
    expected = {"accept": Proposal.State.AWARDED, "reject": Proposal.State.DECLINED}
    proposal = Proposal.objects.select_for_update().get(review_case=case)
    if expected.get(decision.outcome) != proposal.state:
        raise DomainError(_("Grant proposals are decided on the call's evaluation page: award or decline them there."))
