"""generate_load_data at a small scale: the same code path as the benchmark's 100,000 practices."""

from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q, Sum

from grants.models import BudgetLine, Grant, GrantCall, Proposal, Report
from portal.accounts.models import Organization, User
from portal.search.models import SearchEntry
from portal.search.query import SearchParams, search
from portal.site.loaddata import clear_load_data, generate
from practices.models import Practice
from reviews.models import Assignment, Decision, Review, ReviewCase, ReviewerProfile, ReviewScore
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomy():
    call_command("load_taxonomy", stdout=None)


@pytest.fixture
def loaded(taxonomy):
    return generate(practices=200, campaigns=5, proposals=40, seed=3, log=lambda message: None)


def test_generates_published_practices_with_their_search_entries(loaded):
    practices = list(Practice.objects.prefetch_related("themes", "countries"))
    assert len(practices) == 200 == loaded.practices
    assert all(practice.state == Practice.State.PUBLISHED for practice in practices)
    assert all(2 <= len(practice.languages) <= 4 for practice in practices)
    assert all(practice.themes.all() and practice.countries.all() for practice in practices)
    expected = sum(len(practice.languages) for practice in practices)
    assert SearchEntry.objects.filter(type="practice").count() == expected
    assert SearchEntry.objects.filter(type="campaign").values("key").distinct().count() == 5
    assert not SearchEntry.objects.filter(vector__isnull=True).exists()
    # Real words: English stems ("victim" finds "victims"), and facets count the synthetic taxonomy links.
    results = search(SearchParams(q="victim"), language="en")
    assert results.total > 50
    assert results.facets["theme"]


def test_every_published_practice_was_reviewed_and_accepted(loaded):
    practices = Practice.objects.annotate(
        reviews=Count("review_case__assignments__review", filter=Q(review_case__assignments__review__state="submitted"))
    ).select_related("review_case")
    assert {practice.reviews for practice in practices} <= {2, 3}
    assert all(practice.review_case.state == ReviewCase.State.DECIDED for practice in practices)
    assert all(practice.versions.count() == 1 for practice in practices[:20])
    assert Decision.objects.filter(case__owner="practices.practice", outcome="accept").count() == 200
    # Submitted reviews are complete: a recommendation, a date, every criterion without N/A scored.
    reviews = Review.objects.filter(state=Review.State.SUBMITTED)
    assert not reviews.filter(Q(recommendation="") | Q(submitted_at__isnull=True) | Q(score__isnull=True)).exists()
    required = ReviewScore.objects.filter(criterion__allow_na=False, review__state="submitted")
    assert not required.filter(value__isnull=True).exists()
    assert loaded.reviews == reviews.count()
    # By approved roster members, none of whom reviews for an organisation they belong to.
    reviewers = set(Assignment.objects.values_list("reviewer", flat=True))
    approved = ReviewerProfile.objects.filter(state="approved", user__in=reviewers).count()
    assert approved == len(reviewers)
    assert not Assignment.objects.filter(reviewer__memberships__organization=F("case__organization")).exists()


def test_proposals_at_every_step_and_awards_within_each_budget(loaded, client):
    states = Counter(Proposal.objects.values_list("state", flat=True))
    assert sum(states.values()) == 40 == loaded.proposals
    assert {"draft", "submitted", "ineligible", "under_evaluation", "awarded", "declined"} <= set(states)
    assert GrantCall.objects.count() == loaded.grant_calls >= 3
    for call in GrantCall.objects.annotate(awarded=Sum("grants__amount")):
        assert (call.awarded or 0) <= call.budget
    totals = dict(BudgetLine.objects.values_list("proposal").annotate(total=Sum("amount")))
    assert all(totals.get(p.pk, Decimal("0")) == p.requested_amount for p in Proposal.objects.all())
    assert Proposal.objects.filter(organization__verified_at__isnull=True).count() == 0
    # The board reviewed what it evaluated; awards and declines are decisions of the review engine.
    evaluated = Proposal.objects.filter(state__in=["awarded", "declined"])
    assert all(p.review_case.decisions.count() == 1 for p in evaluated)
    assert not Proposal.objects.filter(state="under_evaluation", review_case__isnull=True).exists()
    grants = Grant.objects.all()
    assert grants.count() == states["awarded"] == loaded.grants
    assert all(grant.tranches.count() == 2 and grant.reports.count() == 2 for grant in grants)
    assert Report.objects.filter(grant__in=grants).exists()

    calls = client.get("/api/v1/grant-calls/")
    assert calls.status_code == 200 and calls.json()["count"] == loaded.grant_calls
    assert client.get("/api/v1/grants/").json()["count"] == loaded.grants
    grant = grants.first()
    assert client.get("/en/grants/projects/%s/" % grant.pk).status_code == 200
    assert grant.proposal.title in client.get("/en/grants/projects/").content.decode()
    assert SearchEntry.objects.filter(type="project").count() == loaded.grants


def test_a_second_run_refuses_unless_asked_to_clear(taxonomy):
    real_organisation = OrganizationFactory()
    real_user = UserFactory()
    call_command("generate_load_data", practices=20, proposals=12, stdout=None)
    with pytest.raises(CommandError, match="--clear"):
        call_command("generate_load_data", practices=20, stdout=None)
    call_command("generate_load_data", practices=30, reviews=False, clear=True, stdout=None)
    assert Practice.objects.count() == 30
    assert not Practice.objects.filter(review_case__isnull=False).exists()
    assert not Proposal.objects.exists() and not GrantCall.objects.exists()

    call_command("generate_load_data", practices=20, proposals=12, clear=True, stdout=None)
    clear_load_data()
    for model in (Practice, SearchEntry, GrantCall, Proposal, Grant, ReviewCase, Review, ReviewerProfile):
        assert not model.objects.exists(), model
    assert list(Organization.objects.all()) == [real_organisation]
    assert list(User.objects.all()) == [real_user]
