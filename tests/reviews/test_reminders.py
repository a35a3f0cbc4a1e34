from datetime import timedelta

import pytest
from django.utils import timezone

from portal.notifications.models import Notification
from reviews.models import Assignment
from reviews.services.assignments import assignment_create
from reviews.services.reminders import review_reminders_send
from reviews.tasks import send_review_reminders
from tests.factories import ReviewerProfileFactory, review_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(editor, owner_callback):
    due = timezone.localdate() + timedelta(days=10)
    return assignment_create(case=review_case(), reviewer=ReviewerProfileFactory().user, due=due, actor=editor)


def kinds():
    return sorted(Notification.objects.exclude(kind="review_invitation").values_list("kind", flat=True))


def test_nothing_is_sent_long_before_the_due_date(assignment):
    assert review_reminders_send() == 0


def test_due_soon_reminder_is_sent_once_however_often_the_task_runs(assignment):
    today = assignment.due - timedelta(days=2)
    review_reminders_send(today=today)
    review_reminders_send(today=today)
    review_reminders_send(today=today + timedelta(days=1))
    assert kinds() == ["review_due_soon"]


def test_overdue_goes_to_the_reviewer_then_escalates_to_the_editor(
    assignment, editor, mailoutbox, django_capture_on_commit_callbacks
):
    # Rows written in one transaction share one on-commit hook, and here every run is in the test's
    # transaction: the first run's hook is run before the next run writes rows (as a commit would).
    with django_capture_on_commit_callbacks(execute=True):
        review_reminders_send(today=assignment.due + timedelta(days=1))
    assert kinds() == ["review_overdue"]
    with django_capture_on_commit_callbacks(execute=True):
        review_reminders_send(today=assignment.due + timedelta(days=8))
        review_reminders_send(today=assignment.due + timedelta(days=9))
    assert kinds() == ["review_escalation", "review_overdue"]
    assert Notification.objects.get(kind="review_escalation").recipient == editor
    assert any("days late" in message.subject and message.to == [editor.email] for message in mailoutbox)


def test_submitted_or_declined_assignments_get_no_reminder(assignment):
    Assignment.objects.filter(pk=assignment.pk).update(state="declined")
    assert review_reminders_send(today=assignment.due + timedelta(days=3)) == 0


def test_the_beat_task_runs_the_same_service(assignment):
    Assignment.objects.filter(pk=assignment.pk).update(due=timezone.localdate() + timedelta(days=1))
    assert send_review_reminders() == 1
    assert kinds() == ["review_due_soon"]
