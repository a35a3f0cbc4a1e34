import random
from datetime import timedelta

import pytest
from django.utils import timezone

from practices.services import practice_send_to_review, practice_submit
from reviews.conflicts import conflict_pairs, conflicts_between
from reviews.models import Assignment, ReviewCase
from tests.factories import MembershipFactory, ReviewerProfileFactory, UserFactory, complete_practice, practice_call

pytestmark = pytest.mark.django_db

DUE = (timezone.localdate() + timedelta(days=21)).isoformat()


def test_bulk_conflicts_agree_with_the_single_case_rules(owner_callback):
    from reviews.models import Relationship
    from tests.factories import review_case

    rng = random.Random(7)
    memberships = [MembershipFactory() for _ in range(4)]
    cases = [review_case(organization=m.organization, submitter=m.user) for m in memberships]
    profiles = [ReviewerProfileFactory() for _ in range(6)]
    MembershipFactory(user=profiles[0].user, organization=memberships[1].organization)
    Relationship.objects.create(profile=profiles[1], organization=memberships[2].organization, kind="partner")
    profiles[2].user.email = "x@" + memberships[3].user.email.split("@")[1]
    profiles[2].user.save()
    rng.shuffle(profiles)
    reviewers = [profile.user for profile in profiles]
    expected = {(case.pk, reviewer.pk) for case in cases for reviewer in reviewers if conflicts_between(reviewer, case)}
    assert len(expected) == 3
    assert conflict_pairs(cases, reviewers) == expected


@pytest.fixture
def call_in_review():
    editor = UserFactory(roles=["editor"])
    call = practice_call()
    practices = []
    for language in ["fr", "fr", "es", "en"]:
        practice = complete_practice(call=call, language=language)
        practice_submit(practice=practice, actor=practice.submitted_by)
        practices.append(practice_send_to_review(practice=practice, actor=editor))
    return editor, call, practices


def test_call_wide_proposal_respects_languages_conflicts_and_loads(api_client, call_in_review):
    editor, call, practices = call_in_review
    french = ReviewerProfileFactory(languages=["fr"], max_load=2)
    polyglot = ReviewerProfileFactory(languages=["fr", "es", "en"], max_load=3)
    english = ReviewerProfileFactory(languages=["en"], max_load=5)
    conflicted = ReviewerProfileFactory(languages=["fr", "es", "en"], max_load=5)
    MembershipFactory(user=conflicted.user, organization=practices[0].organization)
    MembershipFactory(user=conflicted.user, organization=practices[1].organization)
    MembershipFactory(user=conflicted.user, organization=practices[2].organization)

    api_client.force_authenticate(editor)
    response = api_client.post(
        "/api/v1/practice-calls/%s/assignment-proposal/" % call.pk, {"reviewers_per_case": 2}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    pairs = {(pair["case"], pair["reviewer"]) for pair in body["pairs"]}
    languages = {p.review_case_id: p.original_language for p in practices}
    readers = {profile.user_id: set(profile.languages) for profile in (french, polyglot, english, conflicted)}
    for case_id, reviewer_id in pairs:
        assert languages[case_id] in readers[reviewer_id]
    assert (practices[0].review_case_id, conflicted.user_id) not in pairs
    loads = {}
    for _case, reviewer in pairs:
        loads[reviewer] = loads.get(reviewer, 0) + 1
    assert loads.get(french.user_id, 0) <= 2 and loads.get(polyglot.user_id, 0) <= 3
    assert Assignment.objects.count() == 0  # a proposal saves nothing

    response = api_client.post(
        "/api/v1/practice-calls/%s/assignments/" % call.pk,
        {"pairs": body["pairs"], "due": DUE},
        format="json",
    )
    assert response.status_code == 201 and response.json()["created"] == len(pairs)
    assert {(a.case_id, a.reviewer_id) for a in Assignment.objects.all()} == pairs


def test_an_adjusted_proposal_cannot_sneak_in_a_conflict(api_client, call_in_review):
    editor, call, practices = call_in_review
    fine = ReviewerProfileFactory(languages=["fr"])
    conflicted = ReviewerProfileFactory(languages=["fr"])
    MembershipFactory(user=conflicted.user, organization=practices[0].organization)
    api_client.force_authenticate(editor)
    case_id = practices[0].review_case_id
    response = api_client.post(
        "/api/v1/practice-calls/%s/assignments/" % call.pk,
        {
            "pairs": [{"case": case_id, "reviewer": fine.user_id}, {"case": case_id, "reviewer": conflicted.user_id}],
            "due": DUE,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "Conflict of interest" in str(response.json())
    assert not Assignment.objects.exists()
    assert ReviewCase.objects.filter(pk=case_id).exists()


def test_only_editors_get_proposals(api_client, call_in_review):
    _editor, call, practices = call_in_review
    api_client.force_authenticate(practices[0].submitted_by)
    response = api_client.post("/api/v1/practice-calls/%s/assignment-proposal/" % call.pk, {}, format="json")
    assert response.status_code == 403


def test_a_generated_call_of_200_submissions_and_40_reviewers_respects_every_constraint(owner_callback):
    """Through the database: languages, conflicts (real memberships) and loads, on 200 × 40."""
    from reviews.services.bulk import bulk_assignment_propose
    from tests.factories import review_case

    rng = random.Random(2026)
    editor = UserFactory(roles=["editor"])
    languages = ["en", "fr", "es", "ar", "ru"]
    organisations = [MembershipFactory() for _ in range(20)]
    cases = [
        review_case(
            title="Case %s" % number,
            language=rng.choice(languages),
            organization=organisations[number % 20].organization,
            submitter=organisations[number % 20].user,
        )
        for number in range(200)
    ]
    profiles = [
        ReviewerProfileFactory(languages=rng.sample(languages, rng.randint(1, 3)), max_load=rng.randint(4, 8))
        for _ in range(40)
    ]
    members = rng.sample(profiles, 8)  # some reviewers belong to submitting organisations
    for profile in members:
        MembershipFactory(user=profile.user, organization=rng.choice(organisations).organization)

    proposal = bulk_assignment_propose(cases=cases, reviewers_per_case=2, actor=editor)

    by_id = {profile.user_id: profile for profile in profiles}
    case_language = {case.pk: case.language for case in cases}
    loads, pairs = {}, set(proposal.pairs)
    assert len(pairs) == len(proposal.pairs)  # no reviewer twice on a case
    for case_id, reviewer_id in pairs:
        assert case_language[case_id] in by_id[reviewer_id].languages
        loads[reviewer_id] = loads.get(reviewer_id, 0) + 1
    # Only those members can be in conflict here (every factory e-mail has a domain of its own).
    conflicted = {
        (case.pk, profile.user_id) for case in cases for profile in members if conflicts_between(profile.user, case)
    }
    assert conflicted and not pairs & conflicted
    for reviewer_id, load in loads.items():
        assert load <= by_id[reviewer_id].max_load
    per_case = {}
    for case_id, _reviewer in pairs:
        per_case[case_id] = per_case.get(case_id, 0) + 1
    assert all(count <= 2 for count in per_case.values())
    assert sum(proposal.unfilled.values()) == 400 - len(pairs)
