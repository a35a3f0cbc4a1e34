"""Reminders before and after a review's due date; dedupe keys make a second run send nothing twice."""

from datetime import date, timedelta

from django.utils import timezone

from portal.notifications.services import link_for, notify
from reviews.models import Assignment

DUE_SOON_DAYS = 3
ESCALATE_AFTER_DAYS = 7


def review_reminders_send(*, today: date | None = None) -> int:
    """Due soon → the reviewer; overdue → the reviewer from +1 day; +7 days → also the editor who invited."""
    today = today or timezone.localdate()
    sent = 0
    open_assignments = Assignment.objects.open().select_related("case", "reviewer", "invited_by")
    for assignment in open_assignments.filter(due__lte=today + timedelta(days=DUE_SOON_DAYS)):
        key = "%s:%s" % (assignment.pk, assignment.round)
        context = {
            "title": assignment.case.title,
            "due": assignment.due.isoformat(),
            "assignment_id": assignment.pk,
            "url": link_for(assignment.reviewer, "reviews:assignment", pk=assignment.pk),
        }
        late_by = (today - assignment.due).days
        if late_by <= 0:
            kind, dedupe = "review_due_soon", "review-due-soon:" + key
        else:
            kind, dedupe = "review_overdue", "review-overdue:" + key
        notify(recipient=assignment.reviewer, kind=kind, context=context, dedupe_key=dedupe)
        sent += 1
        if late_by >= ESCALATE_AFTER_DAYS and assignment.invited_by is not None:
            notify(
                recipient=assignment.invited_by,
                kind="review_escalation",
                context={**context, "reviewer": assignment.reviewer.get_full_name(), "days": late_by},
                dedupe_key="review-escalation:" + key,
            )
            sent += 1
    return sent


def review_reminders_nudge(*, assignments, actor) -> int:
    """The editor's "remind them now": once per assignment and day, whatever the number of clicks."""
    today = timezone.localdate()
    sent = 0
    for assignment in assignments:
        if assignment.state not in (Assignment.State.INVITED, Assignment.State.ACCEPTED):
            continue
        kind = "review_overdue" if assignment.due < today else "review_due_soon"
        notify(
            recipient=assignment.reviewer,
            kind=kind,
            context={
                "title": assignment.case.title,
                "due": assignment.due.isoformat(),
                "assignment_id": assignment.pk,
                "url": link_for(assignment.reviewer, "reviews:assignment", pk=assignment.pk),
            },
            dedupe_key="review-nudge:%s:%s" % (assignment.pk, today.isoformat()),
        )
        sent += 1
    return sent
