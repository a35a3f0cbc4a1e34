"""Reads for the grant pages: the board's view, screening progress, ranking, funnel and results."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from grants.models import Grant, GrantCall, IndicatorValue, Proposal, Report, StandardIndicator
from portal.accounts.models import Organization
from reviews.models import Review
from reviews.selectors import CaseSummary, cases_summary

SCREENED_STATES = ("eligible", "ineligible", "under_evaluation", "shortlisted", "awarded", "declined")
ELIGIBLE_STATES = ("eligible", "under_evaluation", "shortlisted", "awarded", "declined")


def proposal_for_board(case) -> list[tuple[str, str]]:
    """What a board member reads; the organisation is named (single-blind: the board knows the applicant)."""
    proposal = (
        Proposal.objects.filter(review_case=case)
        .select_related("organization__country", "call")
        .prefetch_related("countries", "budget_lines", "results", "exploitation_forms", "target_groups")
        .first()
    )
    if proposal is None:
        return []
    budget = "\n".join(
        "%s — %s: %s %s" % (line.get_category_display(), line.description, line.amount, proposal.call.currency)
        for line in proposal.budget_lines.all()
    )
    results = "\n".join(
        "%s — %s: %s" % (result.result, result.indicator, result.target) for result in proposal.results.all()
    )
    rows = [
        (_("Organisation"), "%s (%s)" % (proposal.organization.name, proposal.organization.country.name)),
        (_("Summary"), proposal.summary),
        (_("Problem addressed"), proposal.problem),
        (_("Activities"), proposal.activities),
        (_("Timeline"), proposal.timeline),
        (_("Countries"), ", ".join(country.name for country in proposal.countries.all())),
        (_("Forms of exploitation"), ", ".join(str(form) for form in proposal.exploitation_forms.all())),
        (_("Target groups"), ", ".join(str(group) for group in proposal.target_groups.all())),
        (
            _("Duration"),
            _("%(months)s months") % {"months": proposal.duration_months} if proposal.duration_months else "",
        ),
        (_("Amount requested"), "%s %s" % (proposal.requested_amount, proposal.call.currency)),
        (_("Budget"), budget),
        (_("Expected results"), results),
    ]
    return [(label, text) for label, text in rows if text]


def attachments_for_board(case, assignment) -> list[tuple[str, str]]:
    proposal = Proposal.objects.filter(review_case=case).first()
    if proposal is None:
        return []
    return [
        (
            "%s — %s" % (attachment.get_kind_display(), attachment.original_name),
            reverse("grants:board_file", args=[assignment.pk, attachment.pk]),
        )
        for attachment in proposal.attachments.all()
    ]


def open_calls() -> QuerySet:
    return GrantCall.objects.open().order_by("closes")


def organization_proposals(user) -> QuerySet:
    return (
        Proposal.objects.filter(organization__memberships__user=user)
        .select_related("call", "organization", "grant")
        .distinct()
        .order_by("-updated_at")
    )


def proposal_detail(pk: int) -> Proposal:
    return (
        Proposal.objects.select_related("call", "organization__country", "created_by", "review_case", "grant")
        .prefetch_related(
            "countries",
            "exploitation_forms",
            "target_groups",
            "budget_lines",
            "results",
            "attachments",
            "screening_items",
        )
        .get(pk=pk)
    )


@dataclass
class ScreeningProgress:
    submitted: int
    screened: int
    eligible: int

    @property
    def percent(self) -> int:
        return round(100 * self.screened / self.submitted) if self.submitted else 0


def screening_list(call: GrantCall, *, state: str = "") -> tuple[list[Proposal], ScreeningProgress]:
    proposals = (
        call.proposals.submitted()
        .select_related("organization__country")
        .prefetch_related("screening_items")
        .order_by("submitted_at", "pk")
    )
    counts = proposals.aggregate(
        submitted=Count("pk"),
        screened=Count("pk", filter=Q(state__in=SCREENED_STATES)),
        eligible=Count("pk", filter=Q(state__in=ELIGIBLE_STATES)),
    )
    if state == "to_screen":
        proposals = proposals.filter(state__in=["submitted", "screening"])
    elif state:
        proposals = proposals.filter(state=state)
    return list(proposals), ScreeningProgress(**counts)


@dataclass
class RankedProposal:
    proposal: Proposal
    summary: CaseSummary
    rank: int = 0
    suggested: bool = False
    suggested_balanced: bool = False


def ranking(call: GrantCall) -> list[RankedProposal]:
    """Proposals the board evaluates, best calibrated score first, with two award suggestions down the list."""
    proposals = list(
        call.proposals.filter(state__in=["under_evaluation", "shortlisted", "awarded", "declined"]).select_related(
            "organization__country__subregion", "review_case__rubric", "grant"
        )
    )
    summaries = cases_summary([proposal.review_case for proposal in proposals if proposal.review_case_id])
    rows = [RankedProposal(proposal, summaries.get(proposal.review_case_id) or CaseSummary()) for proposal in proposals]
    rows.sort(
        key=lambda row: (
            row.summary.calibrated is None,
            -(row.summary.calibrated or 0),
            -(row.summary.mean or 0),
            row.proposal.pk,
        )
    )
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    remaining = call.budget - sum(
        (row.proposal.grant.amount for row in rows if row.proposal.state == "awarded"), Decimal("0")
    )
    candidates = [
        row for row in rows if row.proposal.state in ("under_evaluation", "shortlisted") and row.summary.submitted
    ]
    left = remaining
    for row in candidates:
        if row.proposal.requested_amount <= left:
            row.suggested = True
            left -= row.proposal.requested_amount
    # Balanced: take the best of each region in turn, so one region does not take the whole budget.
    by_region: dict = {}
    for row in candidates:
        country = row.proposal.organization.country
        region = country.subregion.parent_id if country.subregion_id else None
        by_region.setdefault(region, []).append(row)
    left = remaining
    queues = list(by_region.values())
    while any(queues):
        for queue in queues:
            if queue:
                row = queue.pop(0)
                if row.proposal.requested_amount <= left:
                    row.suggested_balanced = True
                    left -= row.proposal.requested_amount
    return rows


@dataclass
class Funnel:
    organizations_registered: int
    organizations_verified: int
    started: int
    submitted: int
    screened: int
    eligible: int
    evaluated: int
    awarded: int
    countries: int
    awarded_amount: Decimal
    budget: Decimal
    steps: list = field(default_factory=list)


def call_funnel(call: GrantCall | None = None) -> Funnel:
    """The funnel of one call, or of every call together when `call` is None (the statistics page).

    Amounts are added as they are: every call of the portal is in one currency (USD by default).
    """
    proposals = call.proposals.all() if call is not None else Proposal.objects.all()
    grants = call.grants.all() if call is not None else Grant.objects.all()
    counts = proposals.aggregate(
        started=Count("pk"),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        screened=Count("pk", filter=Q(state__in=SCREENED_STATES)),
        eligible=Count("pk", filter=Q(state__in=ELIGIBLE_STATES)),
        awarded=Count("pk", filter=Q(state="awarded")),
        countries=Count("organization__country", filter=Q(submitted_at__isnull=False), distinct=True),
    )
    evaluated = (
        Review.objects.filter(state=Review.State.SUBMITTED, assignment__case__in=proposals.values("review_case"))
        .values("assignment__case")
        .distinct()
        .count()
    )
    organizations = Organization.objects.aggregate(
        registered=Count("pk"), verified=Count("pk", filter=Q(verified_at__isnull=False))
    )
    funnel = Funnel(
        organizations_registered=organizations["registered"],
        organizations_verified=organizations["verified"],
        evaluated=evaluated,
        awarded_amount=grants.aggregate(total=Sum("amount"))["total"] or Decimal("0"),
        budget=call.budget
        if call is not None
        else GrantCall.objects.aggregate(total=Sum("budget"))["total"] or Decimal("0"),
        **counts,
    )
    funnel.steps = [
        ("organizations_registered", _("Organisations registered"), funnel.organizations_registered),
        ("organizations_verified", _("Organisations verified"), funnel.organizations_verified),
        ("started", _("Proposals started"), funnel.started),
        ("submitted", _("Proposals submitted"), funnel.submitted),
        ("screened", _("Proposals screened"), funnel.screened),
        ("eligible", _("Found eligible"), funnel.eligible),
        ("evaluated", _("Evaluated by the board"), funnel.evaluated),
        ("awarded", _("Awarded"), funnel.awarded),
    ]
    return funnel


def indicator_totals(*, call: GrantCall | None = None, grant: Grant | None = None) -> list[tuple[str, str, Decimal]]:
    """Totals of the standard indicators in accepted reports (the final figures of funded projects)."""
    values = IndicatorValue.objects.filter(report__state=Report.State.ACCEPTED).exclude(standard="")
    if call is not None:
        values = values.filter(report__grant__call=call)
    if grant is not None:
        values = values.filter(report__grant=grant)
    totals = dict(values.values_list("standard").annotate(total=Sum("value")).values_list("standard", "total"))
    return [(key, str(label), totals.get(key, Decimal("0"))) for key, label in StandardIndicator.choices]


def funded_projects(*, country: str = "", call: str = "") -> QuerySet:
    grants = Grant.objects.select_related("proposal", "organization__country", "call").prefetch_related(
        "proposal__countries"
    )
    if country:
        grants = grants.filter(
            Q(organization__country__code=country.upper()) | Q(proposal__countries__code=country.upper())
        )
    if call.isdigit():
        grants = grants.filter(call_id=int(call))
    return grants.distinct().order_by("-awarded_at", "-pk")


def grant_detail(pk: int) -> Grant:
    return (
        Grant.objects.select_related("proposal__created_by", "organization__country", "call")
        .prefetch_related(
            "tranches",
            Prefetch(
                "reports", queryset=Report.objects.prefetch_related("values__expected_result").order_by("due_date")
            ),
            "proposal__results",
            "proposal__countries",
        )
        .get(pk=pk)
    )


def results_against_targets(grant: Grant) -> list[dict]:
    """The proposal's own indicators: target and the latest value reported in an accepted report."""
    latest: dict[int, Decimal] = {}
    for report in sorted(grant.reports.all(), key=lambda report: report.due_date):
        if report.state != Report.State.ACCEPTED:
            continue
        for value in report.values.all():
            if value.expected_result_id:
                latest[value.expected_result_id] = value.value
    return [
        {"result": result, "target": result.target, "reported": latest.get(result.pk)}
        for result in grant.proposal.results.all()
    ]
