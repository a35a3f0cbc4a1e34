from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import audit_record
from portal.errors import InvalidTransition
from portal.notifications.services import notify
from reviews.conflicts import conflicts_between
from reviews.models import Assignment, ConflictOfInterest, ReviewCase, ReviewerProfile
from reviews.permissions import can_manage_case, can_review
from reviews.registry import get_owner
from reviews.services.cases import invitation_context


@transaction.atomic
def assignment_create(*, case: ReviewCase, reviewer, due: date, actor) -> Assignment:
    case = ReviewCase.objects.select_for_update().get(pk=case.pk)
    if not can_manage_case(actor, case):
        raise PermissionDenied(_("Only the case's editors can assign reviewers."))
    if case.state != ReviewCase.State.OPEN:
        raise InvalidTransition(_("This case is already decided."), state=case.state)
    profile = ReviewerProfile.objects.filter(user=reviewer, state=ReviewerProfile.State.APPROVED).first()
    if profile is None:
        raise ValidationError({"reviewer": [_("This person is not an approved member of the Peer Review Roster.")]})
    reviewer_role = get_owner(case.owner).reviewer_role
    if reviewer_role and not reviewer.has_role(reviewer_role):
        raise ValidationError({"reviewer": [_("Only members of the board evaluate these proposals.")]})
    reasons = conflicts_between(reviewer, case)
    if reasons:
        raise ValidationError({"reviewer": [_("Conflict of interest: %(reasons)s.") % {"reasons": "; ".join(reasons)}]})
    if Assignment.objects.filter(case=case, reviewer=reviewer, round=case.round).exists():
        raise ValidationError({"reviewer": [_("This reviewer is already assigned to this round.")]})
    if due < timezone.localdate():
        raise ValidationError({"due": [_("The due date is in the past.")]})
    assignment = Assignment.objects.create(case=case, reviewer=reviewer, round=case.round, due=due, invited_by=actor)
    audit_record(actor=actor, verb="assignment.invite", target=assignment, to_state=assignment.state)
    notify(recipient=reviewer, kind="review_invitation", context=invitation_context(assignment))
    return assignment


def _answer(*, assignment: Assignment, actor, to_state: str, reason: str = "") -> Assignment:
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not can_review(actor, assignment):
        raise PermissionDenied(_("This invitation is addressed to another reviewer."))
    if assignment.state != Assignment.State.INVITED:
        raise InvalidTransition(
            _("This invitation was already answered (%(state)s).") % {"state": assignment.get_state_display().lower()},
            state=assignment.state,
        )
    assignment.state = to_state
    assignment.decline_reason = reason
    assignment.responded_at = timezone.now()
    assignment.save(update_fields=["state", "decline_reason", "responded_at"])
    audit_record(
        actor=actor,
        verb="assignment.%s" % to_state,
        target=assignment,
        from_state="invited",
        to_state=to_state,
        note=reason,
    )
    return assignment


@transaction.atomic
def assignment_accept(*, assignment: Assignment, actor) -> Assignment:
    return _answer(assignment=assignment, actor=actor, to_state=Assignment.State.ACCEPTED)


@transaction.atomic
def assignment_decline(*, assignment: Assignment, actor, reason: str) -> Assignment:
    if not reason.strip():
        raise ValidationError({"reason": [_("Please say briefly why you decline.")]})
    assignment = _answer(assignment=assignment, actor=actor, to_state=Assignment.State.DECLINED, reason=reason.strip())
    if assignment.invited_by is not None:
        notify(
            recipient=assignment.invited_by,
            kind="review_declined",
            context={"title": assignment.case.title, "reviewer": str(assignment.reviewer), "reason": reason},
        )
    return assignment


@transaction.atomic
def conflict_declare(*, assignment: Assignment, actor, kind: str, note: str = "") -> Assignment:
    """A reviewer who finds a conflict declares it; the assignment is declined with that reason."""

    if kind not in ConflictOfInterest.Kind.values:
        raise ValidationError({"kind": [_("Choose the kind of conflict.")]})
    assignment = Assignment.objects.select_for_update().select_related("case").get(pk=assignment.pk)
    if not can_review(actor, assignment):
        raise PermissionDenied(_("This invitation is addressed to another reviewer."))
    if assignment.state not in (Assignment.State.INVITED, Assignment.State.ACCEPTED):
        raise InvalidTransition(
            _("This assignment is %(state)s.") % {"state": assignment.get_state_display().lower()},
            state=assignment.state,
        )
    conflict = ConflictOfInterest.objects.create(reviewer=actor, case=assignment.case, kind=kind, note=note[:300])
    from_state = assignment.state
    assignment.state = Assignment.State.DECLINED
    assignment.decline_reason = _("Conflict of interest: %(kind)s") % {"kind": conflict.get_kind_display()}
    assignment.responded_at = timezone.now()
    assignment.save(update_fields=["state", "decline_reason", "responded_at"])
    audit_record(actor=actor, verb="assignment.conflict", target=assignment, from_state=from_state, to_state="declined")
    if assignment.invited_by is not None:
        notify(
            recipient=assignment.invited_by,
            kind="review_declined",
            context={"title": assignment.case.title, "reviewer": str(actor), "reason": assignment.decline_reason},
        )
    return assignment
