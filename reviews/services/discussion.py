from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.notifications.services import notify
from reviews.models import Assignment, CaseComment, ReviewCase
from reviews.permissions import can_manage_case


def can_discuss(user, case: ReviewCase) -> bool:
    """Editors, and reviewers of the current round once their own review is in (no anchoring before)."""
    return (
        can_manage_case(user, case)
        or Assignment.objects.filter(
            case=case, round=case.round, reviewer=user, state=Assignment.State.SUBMITTED
        ).exists()
    )


@transaction.atomic
def case_comment_post(*, case: ReviewCase, author, body: str) -> CaseComment:
    if not can_discuss(author, case):
        raise PermissionDenied(_("Only the case's editors and the reviewers who submitted can join the discussion."))
    if not body.strip():
        raise ValidationError({"body": [_("Write a message.")]})
    comment = CaseComment.objects.create(case=case, author=author, body=body.strip())
    others = {
        assignment.reviewer
        for assignment in case.assignments.filter(round=case.round, state=Assignment.State.SUBMITTED).select_related(
            "reviewer"
        )
    } | {assignment.invited_by for assignment in case.assignments.filter(round=case.round).select_related("invited_by")}
    for recipient in others:
        if recipient is not None and recipient.pk != author.pk:
            notify(recipient=recipient, kind="case_discussion", context={"title": case.title, "case_id": case.pk})
    return comment
