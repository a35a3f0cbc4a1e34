from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.errors import DomainError, InvalidTransition
from portal.notifications.models import Notification
from practices.models import Practice, SafeguardingFinding
from practices.services import (
    finding_clear,
    practice_archive,
    practice_publish,
    practice_send_to_review,
    practice_submit,
    practice_update,
    practice_withdraw,
)
from reviews.services.assignments import assignment_create
from reviews.services.decisions import decision_make
from reviews.services.reviewing import review_save
from tests.factories import MembershipFactory, ReviewerProfileFactory, UserFactory, complete_practice, practice_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(roles=["editor"])


def review_and_decide(practice, editor, outcome="accept"):
    practice.refresh_from_db()
    case = practice.review_case
    assignment = assignment_create(
        case=case, reviewer=ReviewerProfileFactory().user, due=timezone.localdate() + timedelta(days=7), actor=editor
    )
    scores = {str(criterion.pk): 4 for criterion in case.rubric.criteria.all()}
    review_save(assignment=assignment, actor=assignment.reviewer, scores=scores, recommendation="accept", submit=True)
    decision_make(case=case, outcome=outcome, letter="Thank you.", actor=editor)
    practice.refresh_from_db()
    return practice


def test_the_whole_lifecycle_from_draft_to_archive(editor):
    practice = complete_practice()
    member = practice.submitted_by
    assert practice.state == "draft"
    assert practice.localized("title", "es") == "Refuges communautaires pour les survivantes"  # falls back to original

    practice = practice_submit(practice=practice, actor=member)
    assert practice.state == "submitted"
    assert practice.versions.get().number == 1
    assert practice.review_case.title == "Refuges communautaires pour les survivantes"
    assert practice.review_case.language == "fr"
    assert Notification.objects.filter(kind="practice_submitted", recipient=editor).exists()

    practice = practice_send_to_review(practice=practice, actor=editor)
    assert practice.state == "in_review"
    practice = review_and_decide(practice, editor)
    assert practice.state == "accepted"

    practice = practice_publish(practice=practice, actor=editor)
    assert practice.state == "published" and practice.published_at
    assert Notification.objects.filter(kind="practice_published", recipient=member).exists()
    assert practice_archive(practice=practice, actor=editor).state == "archived"
    verbs = list(AuditEvent.objects.for_object(practice).order_by("created_at", "id").values_list("verb", flat=True))
    assert verbs == [
        "practice.create",
        "practice.submit",
        "practice.send_to_review",
        "practice.decision",
        "practice.publish",
        "practice.archive",
    ]


def test_revision_round_trip_keeps_every_version_and_reinvites_reviewers(editor):
    practice = complete_practice()
    member = practice.submitted_by
    practice_submit(practice=practice, actor=member)
    practice_send_to_review(practice=practice, actor=editor)
    practice = review_and_decide(practice, editor, outcome="revise")
    assert practice.state == "revision_requested"

    practice_update(practice=practice, actor=member, results="510 personnes accompagnées.")
    practice = practice_submit(practice=practice, actor=member)
    assert [version.number for version in practice.versions.all()] == [1, 2]
    assert practice.versions.get(number=2).data["results"] == "510 personnes accompagnées."
    practice = practice_send_to_review(practice=practice, actor=editor)
    case = practice.review_case
    case.refresh_from_db()
    assert (case.round, case.version_label) == (2, "v2")
    assert case.assignments.filter(round=2).count() == 1


def test_missing_fields_are_named_and_nothing_is_submitted():
    practice = complete_practice(summary="", no_victim_data=False)
    practice.themes.clear()
    with pytest.raises(ValidationError) as refusal:
        practice_submit(practice=practice, actor=practice.submitted_by)
    assert set(refusal.value.message_dict) == {"summary", "themes", "no_victim_data"}
    practice.refresh_from_db()
    assert practice.state == "draft" and not practice.versions.exists() and practice.review_case is None


def test_closed_call_refuses_with_a_clear_message():
    call = practice_call()
    practice = complete_practice(call=call)
    call.deadline = timezone.now() - timedelta(minutes=1)
    call.opens = call.deadline - timedelta(days=30)
    call.save()
    with pytest.raises(DomainError, match="closed on"):
        practice_submit(practice=practice, actor=practice.submitted_by)
    with pytest.raises(DomainError, match="closed on"):
        complete_practice(call=call)


def test_call_requiring_completed_practices_refuses_ongoing_ones():
    practice = complete_practice(call=practice_call(), implementation_status="ongoing")
    with pytest.raises(ValidationError, match="completed or nearly completed"):
        practice_submit(practice=practice, actor=practice.submitted_by)


def test_wrong_state_and_wrong_person_are_refused(editor):
    practice = complete_practice()
    member = practice.submitted_by
    outsider = MembershipFactory().user
    with pytest.raises(PermissionDenied):
        practice_submit(practice=practice, actor=outsider)
    with pytest.raises(PermissionDenied):
        practice_update(practice=practice, actor=outsider, title="Hijacked")
    with pytest.raises(InvalidTransition):
        practice_publish(practice=practice, actor=editor)
    practice_submit(practice=practice, actor=member)
    with pytest.raises(InvalidTransition, match="already submitted"):
        practice_submit(practice=practice, actor=member)
    with pytest.raises(InvalidTransition, match="submitted"):
        practice_update(practice=practice, actor=member, title="Changed after submission")
    with pytest.raises(PermissionDenied):
        practice_send_to_review(practice=practice, actor=member)
    assert (
        Practice.objects.get(pk=practice.pk).localized("title", "fr") == "Refuges communautaires pour les survivantes"
    )


def test_a_colleague_from_the_same_organisation_can_edit_and_submit_the_draft():
    practice = complete_practice()
    colleague = MembershipFactory(organization=practice.organization).user
    practice_update(practice=practice, actor=colleague, lessons_learned="Former les survivantes comme paires aidantes.")
    assert practice_submit(practice=practice, actor=colleague).state == "submitted"


def test_withdrawn_before_a_decision_only(editor):
    practice = complete_practice()
    practice_submit(practice=practice, actor=practice.submitted_by)
    assert practice_withdraw(practice=practice, actor=practice.submitted_by).state == "withdrawn"
    other = complete_practice()
    practice_submit(practice=other, actor=other.submitted_by)
    practice_send_to_review(practice=other, actor=editor)
    review_and_decide(other, editor)
    with pytest.raises(InvalidTransition, match="before a decision"):
        practice_withdraw(practice=other, actor=other.submitted_by)


def test_safeguarding_finding_blocks_publication_until_cleared(editor):
    practice = complete_practice(description="Contact the survivor at amina.k@mail.example or +212 661-234567.")
    practice_submit(practice=practice, actor=practice.submitted_by)
    findings = list(SafeguardingFinding.objects.filter(practice=practice))
    assert {finding.kind for finding in findings} >= {"email", "phone"}
    practice_send_to_review(practice=practice, actor=editor)
    review_and_decide(practice, editor)
    with pytest.raises(InvalidTransition, match="safeguarding findings are still open"):
        practice_publish(practice=practice, actor=editor)
    for finding in findings:
        finding_clear(finding=finding, actor=editor, note="Fictional example data")
    assert practice_publish(practice=practice, actor=editor).state == "published"
