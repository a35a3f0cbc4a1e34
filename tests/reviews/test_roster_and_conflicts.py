import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.errors import InvalidTransition
from portal.notifications.models import Notification
from reviews.conflicts import conflicts_between
from reviews.models import Assignment, ConflictOfInterest, Relationship, ReviewerProfile
from reviews.services.roster import reviewer_apply, reviewer_approve, reviewer_decline, reviewer_suspend
from tests.factories import MembershipFactory, OrganizationFactory, ReviewerProfileFactory, UserFactory, review_case

pytestmark = pytest.mark.django_db


def test_expert_applies_and_an_editor_approves(editor):
    expert = UserFactory(preferred_language="es")
    profile = reviewer_apply(user=expert, bio="Labour inspector, 12 years", languages=["es", "pt"])
    assert profile.state == "applied"
    assert not expert.has_role("reviewer")

    reviewer_approve(profile=profile, actor=editor)
    profile.refresh_from_db()
    assert profile.state == "approved"
    assert expert.has_role("reviewer")
    assert AuditEvent.objects.for_object(profile).filter(verb="roster.approve").exists()
    assert Notification.objects.get(recipient=expert, kind="roster_result").context == {"state": "approved"}


def test_applying_twice_is_refused():
    expert = UserFactory()
    reviewer_apply(user=expert, languages=["en"])
    with pytest.raises(InvalidTransition):
        reviewer_apply(user=expert, languages=["en"])


def test_only_editors_manage_the_roster_and_states_move_in_order(editor):
    profile = reviewer_apply(user=UserFactory(), languages=["en"])
    with pytest.raises(PermissionDenied):
        reviewer_approve(profile=profile, actor=UserFactory(roles=["submitter"]))
    with pytest.raises(InvalidTransition):
        reviewer_suspend(profile=profile, actor=editor)
    reviewer_decline(profile=profile, actor=editor)
    assert ReviewerProfile.objects.get(pk=profile.pk).state == "declined"


def test_suspended_reviewer_loses_the_role(editor):
    profile = ReviewerProfileFactory()
    reviewer_suspend(profile=profile, actor=editor)
    assert not User.objects.get(pk=profile.user_id).has_role("reviewer")


def test_adduser_reviewer_is_an_approved_roster_member():
    call_command("adduser", "expert@uni.example", "--password", "pw", "--role", "reviewer")
    profile = ReviewerProfile.objects.get(user__email="expert@uni.example")
    assert profile.state == "approved" and "en" in profile.languages


@pytest.fixture
def submission():
    membership = MembershipFactory(user__email="director@shelter-ngo.example")
    return review_case(organization=membership.organization, submitter=membership.user)


def test_no_conflict_for_an_unrelated_reviewer(submission):
    assert conflicts_between(ReviewerProfileFactory().user, submission) == []


def test_conflict_when_the_reviewer_is_the_submitter(submission):
    ReviewerProfileFactory(user=submission.submitter)
    assert "the reviewer submitted it" in conflicts_between(submission.submitter, submission)


def test_conflict_with_a_member_of_the_submitting_organisation(submission):
    reviewer = ReviewerProfileFactory().user
    MembershipFactory(user=reviewer, organization=submission.organization)
    assert conflicts_between(reviewer, submission) == ["the reviewer is a member of the submitting organisation"]


def test_conflict_by_shared_email_domain_but_not_webmail(submission):
    colleague = ReviewerProfileFactory(user__email="someone@shelter-ngo.example").user
    assert "the reviewer's e-mail domain (shelter-ngo.example) is the submitter's" in conflicts_between(
        colleague, submission
    )
    submission.submitter.email = "director@gmail.com"
    submission.submitter.save()
    stranger = ReviewerProfileFactory(user__email="someone.else@gmail.com").user
    assert conflicts_between(stranger, submission) == []


def test_conflict_by_declared_partner_or_funder_relationship(submission):
    profile = ReviewerProfileFactory()
    Relationship.objects.create(profile=profile, organization=submission.organization, kind="funder")
    assert conflicts_between(profile.user, submission) == [
        "the reviewer declared a relationship with the submitting organisation (funder)"
    ]


def test_conflict_declared_for_one_case(submission):
    profile = ReviewerProfileFactory()
    ConflictOfInterest.objects.create(reviewer=profile.user, case=submission, kind="personal")
    assert conflicts_between(profile.user, submission) == [
        "declared conflict with this case: Personal or family relationship"
    ]
    other_case = review_case(organization=OrganizationFactory())
    assert conflicts_between(profile.user, other_case) == []


def test_conflicted_reviewer_is_never_assigned_and_the_refusal_says_why(submission, editor, owner_callback):
    from datetime import date, timedelta

    from reviews.services.assignments import assignment_create

    profile = ReviewerProfileFactory()
    MembershipFactory(user=profile.user, organization=submission.organization)
    with pytest.raises(ValidationError) as refusal:
        assignment_create(case=submission, reviewer=profile.user, due=date.today() + timedelta(days=10), actor=editor)
    assert "member of the submitting organisation" in str(refusal.value)
    assert not Assignment.objects.exists()
    assert not Notification.objects.filter(kind="review_invitation").exists()
    assert not AuditEvent.objects.filter(verb="assignment.invite").exists()
