"""Call-wide assignment: propose with the solver, let the editor adjust, then apply pair by pair."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from reviews.conflicts import conflict_pairs
from reviews.matching import Candidate, CaseNeed, Proposal, propose_assignment
from reviews.models import Assignment, ReviewCase, ReviewerProfile
from reviews.permissions import can_manage_case
from reviews.registry import get_owner
from reviews.services.assignments import assignment_create


def _affinity(case, profile, case_regions) -> float:
    themes = {theme.pk for theme in case.themes.all()}
    forms = {form.pk for form in case.exploitation_forms.all()}
    wanted = len(themes) + len(forms)
    shared = len(themes & {t.pk for t in profile.themes.all()}) + len(
        forms & {f.pk for f in profile.exploitation_forms.all()}
    )
    score = shared / wanted if wanted else 0.0
    if case_regions & {region.pk for region in profile.regions.all()}:
        score += 0.25
    return min(score, 1.0)


def bulk_assignment_propose(*, cases: list[ReviewCase], reviewers_per_case: int, actor) -> Proposal:
    """A proposal that respects languages read, conflicts and loads; nothing is saved."""
    if any(not can_manage_case(actor, case) for case in cases):
        raise PermissionDenied(_("Only the cases' editors can assign reviewers."))
    cases = list(
        ReviewCase.objects.filter(pk__in=[case.pk for case in cases], state=ReviewCase.State.OPEN)
        .select_related("submitter")
        .prefetch_related("themes", "exploitation_forms", "countries__subregion")
    )
    pool = ReviewerProfile.objects.filter(state=ReviewerProfile.State.APPROVED, user__is_active=True)
    for role in {get_owner(case.owner).reviewer_role for case in cases} - {None}:
        pool = pool.filter(user__groups__name=role)
    profiles = list(
        pool.select_related("user")
        .prefetch_related("themes", "exploitation_forms", "regions")
        .annotate(open_load=Count("user__assignments", filter=Q(user__assignments__state__in=["invited", "accepted"])))
    )
    assigned: dict[int, set[int]] = {}
    for case_id, reviewer_id in (
        Assignment.objects.filter(case__in=cases, state__in=["invited", "accepted", "submitted"])
        .filter(round=F("case__round"))
        .values_list("case_id", "reviewer_id")
    ):
        assigned.setdefault(case_id, set()).add(reviewer_id)
    needs = [
        CaseNeed(
            case_id=case.pk,
            language=case.language,
            reviewers_needed=reviewers_per_case,
            already_assigned=frozenset(assigned.get(case.pk, set())),
        )
        for case in cases
    ]
    candidates = [
        Candidate(
            reviewer_id=profile.user_id,
            languages=frozenset(profile.languages),
            capacity=max(profile.max_load - profile.open_load, 0),
            open_load=profile.open_load,
        )
        for profile in profiles
    ]
    affinity = {}
    for case in cases:
        regions = set()
        for country in case.countries.all():
            if country.subregion_id:
                regions.update({country.subregion_id, country.subregion.parent_id})
        for profile in profiles:
            value = _affinity(case, profile, regions)
            if value:
                affinity[(case.pk, profile.user_id)] = value
    conflicts = conflict_pairs(cases, [profile.user for profile in profiles])
    return propose_assignment(needs, candidates, conflicts=conflicts, affinity=affinity)


@transaction.atomic
def bulk_assignment_apply(*, pairs: list[tuple[int, int]], due: date, actor) -> list[Assignment]:
    """Each pair goes through the single-assignment rules again: an adjusted proposal cannot bypass them."""

    users = get_user_model().objects.in_bulk([reviewer_id for _case_id, reviewer_id in pairs])
    cases = ReviewCase.objects.in_bulk([case_id for case_id, _reviewer_id in pairs])
    unknown = [pair for pair in pairs if pair[0] not in cases or pair[1] not in users]
    if unknown:
        raise ValidationError({"pairs": [_("Unknown case or reviewer in %(pairs)s.") % {"pairs": unknown}]})
    return [
        assignment_create(case=cases[case_id], reviewer=users[reviewer_id], due=due, actor=actor)
        for case_id, reviewer_id in pairs
    ]
