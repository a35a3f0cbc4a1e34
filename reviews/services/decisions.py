from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from portal.audit.services import audit_record
from portal.errors import DomainError, InvalidTransition
from portal.notifications.services import notify
from reviews.models import Decision, Review, ReviewCase
from reviews.permissions import can_manage_case
from reviews.registry import get_owner


def default_letter(*, case: ReviewCase, outcome: str) -> str:
    """The standard letter for an outcome, in the submitter's language; editors may write their own."""
    language = case.submitter.preferred_language if case.submitter else settings.LANGUAGE_CODE
    with translation.override(language):
        return render_to_string("reviews/letters/%s.txt" % outcome, {"title": case.title}, using="text").strip()


@transaction.atomic
def decision_make(*, case: ReviewCase, outcome: str, letter: str, actor, force_note: str = "") -> Decision:
    """Record the editor's decision and let the owner app move its submission; all or nothing."""
    case = ReviewCase.objects.select_for_update().get(pk=case.pk)
    if not can_manage_case(actor, case):
        raise PermissionDenied(_("Only the case's editors can decide."))
    if case.state != ReviewCase.State.OPEN:
        raise InvalidTransition(_("This case is already decided."), state=case.state)
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": [_("Choose accept, revise or reject.")]})
    if not letter.strip():
        letter = default_letter(case=case, outcome=outcome)
    reviews = list(
        Review.objects.filter(assignment__case=case, assignment__round=case.round, state=Review.State.SUBMITTED)
    )
    if not reviews and not force_note.strip():
        raise DomainError(_("No review of this round is submitted yet. To decide anyway, give a note saying why."))
    decision = Decision.objects.create(
        case=case,
        round=case.round,
        outcome=outcome,
        letter=letter.strip(),
        forced_note=force_note.strip(),
        decided_by=actor,
    )
    if outcome != Decision.Outcome.REVISE:
        case.state = ReviewCase.State.DECIDED
        case.save(update_fields=["state"])
    audit_record(actor=actor, verb="decision.%s" % outcome, target=case, note=force_note)
    if case.submitter is not None:
        notify(
            recipient=case.submitter,
            kind="decision",
            context={
                "title": case.title,
                "outcome": outcome,
                "letter": decision.letter,
                # Only what reviewers wrote for the author; confidential comments never leave the editors.
                "comments": [review.comments_to_author for review in reviews if review.comments_to_author.strip()],
            },
        )
    get_owner(case.owner).on_decision(case=case, decision=decision, actor=actor)
    return decision
