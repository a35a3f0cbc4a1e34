from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.errors import DomainError, InvalidTransition
from portal.notifications.models import Notification
from reviews.models import Assignment, Decision, ReviewCase
from reviews.selectors import case_scores, reviewer_suggestions
from reviews.services.assignments import assignment_accept, assignment_create, assignment_decline
from reviews.services.cases import case_new_round
from reviews.services.decisions import decision_make
from reviews.services.reviewing import review_save
from tests.factories import MembershipFactory, ReviewerProfileFactory, UserFactory, review_case

pytestmark = pytest.mark.django_db

IN_TEN_DAYS = timezone.localdate() + timedelta(days=10)


@pytest.fixture
def case(owner_callback):
    membership = MembershipFactory()
    return review_case(organization=membership.organization, submitter=membership.user, version_label="v1")


def criteria(case):
    return {criterion.slug: criterion.pk for criterion in case.rubric.criteria.all()}


def full_scores(case, value=4, **overrides):
    scores = {str(pk): value for pk in criteria(case).values()}
    scores.update({str(criteria(case)[slug]): score for slug, score in overrides.items()})
    return scores


def assign(case, editor, reviewer=None):
    reviewer = reviewer or ReviewerProfileFactory().user
    return assignment_create(case=case, reviewer=reviewer, due=IN_TEN_DAYS, actor=editor)


def test_invitation_is_audited_and_sent_in_the_reviewers_language(case, editor):
    reviewer = ReviewerProfileFactory(user__preferred_language="fr").user
    assignment = assign(case, editor, reviewer)
    assert (assignment.state, assignment.round, assignment.due) == ("invited", 1, IN_TEN_DAYS)
    notification = Notification.objects.get(kind="review_invitation")
    assert (notification.recipient, notification.language) == (reviewer, "fr")
    assert AuditEvent.objects.for_object(assignment).get().verb == "assignment.invite"


def test_assignment_refusals(case, editor):
    reviewer = ReviewerProfileFactory().user
    with pytest.raises(PermissionDenied):
        assignment_create(case=case, reviewer=reviewer, due=IN_TEN_DAYS, actor=UserFactory(roles=["submitter"]))
    with pytest.raises(ValidationError, match="not an approved member"):
        assign(case, editor, UserFactory())
    with pytest.raises(ValidationError, match="in the past"):
        assignment_create(case=case, reviewer=reviewer, due=timezone.localdate() - timedelta(days=1), actor=editor)
    assign(case, editor, reviewer)
    with pytest.raises(ValidationError, match="already assigned"):
        assign(case, editor, reviewer)


def test_reviewer_accepts_or_declines_with_a_reason_once(case, editor):
    first, second = assign(case, editor), assign(case, editor)
    with pytest.raises(PermissionDenied):
        assignment_accept(assignment=first, actor=second.reviewer)
    assert assignment_accept(assignment=first, actor=first.reviewer).state == "accepted"
    with pytest.raises(InvalidTransition):
        assignment_accept(assignment=first, actor=first.reviewer)
    with pytest.raises(ValidationError, match="why you decline"):
        assignment_decline(assignment=second, actor=second.reviewer, reason="  ")
    declined = assignment_decline(assignment=second, actor=second.reviewer, reason="Travelling all month")
    assert (declined.state, declined.decline_reason) == ("declined", "Travelling all month")
    assert Notification.objects.get(kind="review_declined").recipient == editor


def test_review_is_validated_against_the_rubric(case, editor):
    assignment = assign(case, editor)
    reviewer = assignment.reviewer
    with pytest.raises(ValidationError, match="whole number from 1 to 5"):
        review_save(
            assignment=assignment,
            actor=reviewer,
            scores=full_scores(case, relevance=7),
            recommendation="accept",
            submit=True,
        )
    with pytest.raises(ValidationError, match="needs a score"):
        scores = full_scores(case)
        del scores[str(criteria(case)["relevance"])]
        review_save(assignment=assignment, actor=reviewer, scores=scores, recommendation="accept", submit=True)
    with pytest.raises(ValidationError, match="N/A is not allowed"):
        review_save(
            assignment=assignment,
            actor=reviewer,
            scores=full_scores(case, relevance=None),
            recommendation="accept",
            submit=True,
        )
    with pytest.raises(ValidationError, match="Choose a recommendation"):
        review_save(assignment=assignment, actor=reviewer, scores=full_scores(case), submit=True)
    with pytest.raises(PermissionDenied):
        review_save(
            assignment=assignment, actor=UserFactory(), scores=full_scores(case), recommendation="accept", submit=True
        )
    assert Assignment.objects.get(pk=assignment.pk).state == "invited"


def test_na_is_missing_not_zero_and_a_draft_can_be_completed_later(case, editor):
    assignment = assign(case, editor)
    draft = review_save(assignment=assignment, actor=assignment.reviewer, scores={str(criteria(case)["relevance"]): 5})
    assert draft.state == "draft" and draft.score == 5
    review = review_save(
        assignment=assignment,
        actor=assignment.reviewer,
        scores=full_scores(case, 4, innovation=None),
        recommendation="minor_revision",
        comments_to_author="Clear and useful.",
        submit=True,
    )
    assert review.state == "submitted" and review.version_label == "v1" and not review.is_late
    assert review.score == 4  # innovation left out, not counted as 0
    assert Notification.objects.get(kind="review_submitted").recipient == editor
    with pytest.raises(InvalidTransition, match="already submitted"):
        review_save(
            assignment=assignment,
            actor=assignment.reviewer,
            scores=full_scores(case),
            recommendation="accept",
            submit=True,
        )


def test_late_review_is_accepted_and_flagged(case, editor):
    assignment = assign(case, editor)
    Assignment.objects.filter(pk=assignment.pk).update(due=timezone.localdate() - timedelta(days=2))
    review = review_save(
        assignment=assignment, actor=assignment.reviewer, scores=full_scores(case), recommendation="accept", submit=True
    )
    assert review.is_late


def test_decision_needs_a_submitted_review_unless_forced_with_a_note(case, editor, owner_callback):
    with pytest.raises(DomainError, match="No review of this round"):
        decision_make(case=case, outcome="reject", letter="Out of scope.", actor=editor)
    decision = decision_make(case=case, outcome="reject", letter="Out of scope.", actor=editor, force_note="Spam")
    assert decision.forced_note == "Spam"
    assert owner_callback.calls == [(case.pk, "reject")]
    assert ReviewCase.objects.get(pk=case.pk).state == "decided"


def test_decision_letter_carries_comments_to_author_never_confidential_ones(
    case, editor, owner_callback, mailoutbox, django_capture_on_commit_callbacks
):
    assignment = assign(case, editor)
    review_save(
        assignment=assignment,
        actor=assignment.reviewer,
        scores=full_scores(case),
        recommendation="accept",
        comments_to_author="Please add figures for 2023.",
        confidential_comments="The NGO director is my cousin.",
        submit=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision_make(case=case, outcome="accept", letter="We are glad to accept your practice.", actor=editor)
    letter = [message for message in mailoutbox if message.to == [case.submitter.email]][0]
    assert letter.subject == "Accepted: Community shelters for survivors"
    assert "We are glad to accept your practice." in letter.body
    assert "Please add figures for 2023." in letter.body
    assert "cousin" not in letter.body


def test_failure_in_the_owner_callback_leaves_nothing_behind(case, editor, owner_callback):
    assignment = assign(case, editor)
    review_save(
        assignment=assignment, actor=assignment.reviewer, scores=full_scores(case), recommendation="accept", submit=True
    )
    owner_callback.fail = True
    with pytest.raises(RuntimeError):
        decision_make(case=case, outcome="accept", letter="Accepted.", actor=editor)
    assert not Decision.objects.exists()
    assert ReviewCase.objects.get(pk=case.pk).state == "open"
    assert not AuditEvent.objects.filter(verb__startswith="decision").exists()
    assert not Notification.objects.filter(kind="decision").exists()


def test_a_revision_opens_a_new_round_with_the_same_reviewers(case, editor, owner_callback):
    assignment = assign(case, editor)
    review_save(
        assignment=assignment,
        actor=assignment.reviewer,
        scores=full_scores(case),
        recommendation="major_revision",
        submit=True,
    )
    decision_make(case=case, outcome="revise", letter="Please revise.", actor=editor)
    assert ReviewCase.objects.get(pk=case.pk).state == "open"
    case_new_round(case=case, version_label="v2", actor=editor)
    case.refresh_from_db()
    assert (case.round, case.version_label) == (2, "v2")
    again = Assignment.objects.get(case=case, round=2)
    assert (again.reviewer, again.state) == (assignment.reviewer, "invited")


def test_scores_mean_and_disagreement(case, editor):
    for value, recommendation in [(5, "accept"), (2, "reject")]:
        assignment = assign(case, editor)
        review_save(
            assignment=assignment,
            actor=assignment.reviewer,
            scores=full_scores(case, value),
            recommendation=recommendation,
            submit=True,
        )
    scores = case_scores(case)
    assert scores.mean == pytest.approx(3.5)
    assert scores.disagreement is True
    assert scores.calibrated == pytest.approx(3.5)  # too few reviews per reviewer to calibrate yet


def test_suggestions_rank_language_and_expertise_and_skip_conflicts(case, editor):
    from portal.taxonomy.models import Theme

    theme = Theme.objects.get(slug="victim-services")
    case.themes.set([theme])
    case.language = "fr"
    case.save()
    expert = ReviewerProfileFactory(languages=["fr"], user__full_name="Fatou Expert")
    expert.themes.set([theme])
    ReviewerProfileFactory(languages=["en"], user__full_name="Other Reader")
    conflicted = ReviewerProfileFactory(languages=["fr"])
    MembershipFactory(user=conflicted.user, organization=case.organization)

    suggestions = reviewer_suggestions(case)
    names = [suggestion.reviewer.full_name for suggestion in suggestions]
    assert names[0] == "Fatou Expert"
    assert conflicted.user not in [suggestion.reviewer for suggestion in suggestions]
    assert "reads the submission's language" in suggestions[0].reasons
    assert "1 shared areas of expertise" in suggestions[0].reasons


def test_suggestions_run_a_fixed_number_of_queries(case, django_assert_max_num_queries):
    for _ in range(12):
        ReviewerProfileFactory()
    with django_assert_max_num_queries(14):
        assert len(reviewer_suggestions(case)) == 12


def test_invitation_email_links_to_the_review_page_in_the_reviewers_language(
    case, editor, mailoutbox, django_capture_on_commit_callbacks
):
    reviewer = ReviewerProfileFactory(user__preferred_language="es").user
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign(case, editor, reviewer)
    invitation = [message for message in mailoutbox if message.to == [reviewer.email]][0]
    assert invitation.subject == "Invitación a evaluar: Community shelters for survivors"
    assert "http://127.0.0.1:8000/es/reviews/%s/" % assignment.pk in invitation.body


def test_empty_letter_sends_the_standard_letter_in_the_submitters_language(
    owner_callback, editor, mailoutbox, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(user__preferred_language="es")
    case = review_case(organization=membership.organization, submitter=membership.user, title="Refugios")
    assignment = assign(case, editor)
    review_save(
        assignment=assignment,
        actor=assignment.reviewer,
        scores=full_scores(case),
        recommendation="major_revision",
        comments_to_author="Añadan cifras de 2023.",
        submit=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_make(case=case, outcome="revise", letter="", actor=editor)
    assert "Refugios" in decision.letter and "revis" in decision.letter
    letter = [m for m in mailoutbox if m.to == [membership.user.email]][0]
    assert decision.letter in letter.body and "Añadan cifras de 2023." in letter.body
