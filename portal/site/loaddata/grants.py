"""Calls for proposals with proposals at every step, the board's evaluation, awards and the funded projects.

The first call is open (drafts, submissions, screening), the second closed and with the board (reviews in
progress), the others decided over the past four years: the board's best-scored proposals are awarded in
order while the call's budget lasts (the database trigger of grants migration 0002 checks every award), the
rest declined. Grants carry their two tranches and two reports as proposal_award creates them, paid,
reported and accepted as far as their dates allow, and funded projects are in the search index.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from grants.apps import OWNER
from grants.models import BudgetLine, ExpectedResult, GrantCall, ProgrammeType, Proposal, ScreeningItem
from grants.services.screening import CHECK_LABELS
from portal.accounts.models import OrganizationKind
from portal.site.loaddata.context import Context
from portal.site.loaddata.copying import Batch, stage_entries
from portal.site.loaddata.funded import FundedProjects
from portal.site.loaddata.people import People
from portal.site.loaddata.reviews import AMOUNT, TITLE, Reviewing, RubricScale
from portal.site.loaddata.text import Text, language, pick

PROPOSALS_PER_CALL = 250
MIN_AWARD = Decimal("5000")
MAX_AWARDS = (Decimal("25000"), Decimal("40000"), Decimal("50000"))
SCREENING_QUESTION = "The organisation works directly with victims or people at risk"
# Shares of the proposals of a call by state, for each phase of the call.
STATES = {
    "open": {"draft": 35, "submitted": 28, "screening": 10, "eligible": 12, "ineligible": 10, "withdrawn": 5},
    "evaluation": {"draft": 12, "withdrawn": 3, "ineligible": 15, "under_evaluation": 55, "shortlisted": 15},
    # "evaluated" proposals are awarded or declined once the board's scores rank them.
    "decided": {"draft": 10, "withdrawn": 3, "ineligible": 15, "evaluated": 72},
}
WITH_BOARD = ("under_evaluation", "shortlisted", "evaluated")
SCREENED = ("eligible", "ineligible", *WITH_BOARD)
# Keys of a proposal's dict that are not columns of its row.
NOT_COLUMNS = {"countries", "exploitation_forms", "target_groups", "results", "score", "award"}


def calls_for(proposals: int) -> int:
    return max(3, min(40, math.ceil(proposals / PROPOSALS_PER_CALL)))


@dataclass
class Call:
    pk: int
    phase: str
    opens: datetime
    closes: datetime
    max_award: Decimal
    themes: list[int]
    board_size: int
    proposals: list[dict] = field(default_factory=list)

    @property
    def sent_to_board(self) -> datetime:
        return self.closes + timedelta(days=12)

    @property
    def decided(self) -> datetime:
        return self.closes + timedelta(days=50)


@dataclass
class GrantCounts:
    calls: int = 0
    proposals: int = 0
    grants: int = 0


class GrantWriter:
    def __init__(self, batch: Batch, rng: random.Random, text: Text, context: Context, people: People, reviewing):
        self.batch, self.rng, self.text, self.context, self.people = batch, rng, text, context, people
        self.reviewing: Reviewing = reviewing
        self.rubric = RubricScale.default("grant")
        self.now = context.now
        self.counts = GrantCounts()
        self.funded = FundedProjects(batch, rng, text, context, people)

    def between(self, start: datetime, end: datetime) -> datetime:
        return self.reviewing.between(start, end)

    def write(self, count: int, log) -> GrantCounts:
        calls = self._calls(count)
        sizes = [count // len(calls) + (index < count % len(calls)) for index in range(len(calls))]
        if max(sizes) > len(self.people.verified):
            raise RuntimeError("Too few verified organisations for one proposal each per call.")
        for call, size in zip(calls, sizes, strict=True):
            for organization in self.rng.sample(self.people.verified, size):
                call.proposals.append(self._proposal(call, organization))
            budget = self._decide(call)
            self._write_call(call, budget)
            self.batch.flush()
            stage_entries(self.batch.cursor, self.funded.entries)
            self.funded.entries = []
            self.counts.calls += 1
            self.counts.proposals += size
            self.counts.grants = self.funded.count
            log("%s proposals…" % self.counts.proposals)
        return self.counts

    def _calls(self, count: int) -> list[Call]:
        number = calls_for(count)
        decided = number - 2
        spacing = max(45, (4 * 365 - 120) // decided)
        calls = []
        for index in range(number):
            if index == 0:
                phase, closes = "open", self.now + timedelta(days=40)
            elif index == 1:
                phase, closes = "evaluation", self.now - timedelta(days=30)
            else:
                phase, closes = "decided", self.now - timedelta(days=120 + (index - 2) * spacing)
            calls.append(
                Call(
                    pk=self.batch.new_id(GrantCall),
                    phase=phase,
                    opens=closes - timedelta(days=self.rng.randint(60, 90)),
                    closes=closes,
                    max_award=self.rng.choice(MAX_AWARDS),
                    themes=pick(self.rng, self.context.taxonomy["themes"], 1, 2),
                    board_size=min(3 if self.rng.random() < 0.3 else 2, len(self.people.board)),
                )
            )
        return calls

    def _proposal(self, call: Call, organization: int) -> dict:
        rng = self.rng
        state = rng.choices(list(STATES[call.phase]), list(STATES[call.phase].values()))[0]
        original = language(rng)
        texts = self.text.practice(original)
        last = min(call.closes, self.now)
        created = self.between(call.opens, last - timedelta(days=2))
        submitted = None
        if state != "draft" and (state != "withdrawn" or rng.random() < 0.5):
            submitted = self.between(created, last - timedelta(days=1))
        countries = sorted({self.people.org_countries[organization], *pick(rng, self.context.country_ids, 0, 1)})
        proposal = {
            "id": self.batch.new_id(Proposal),
            "call_id": call.pk,
            "organization_id": organization,
            "created_by_id": self.people.members[organization],
            "title": texts["title"],
            "summary": texts["summary"],
            "problem": texts["description"],
            "activities": texts["activities"],
            "timeline": texts["objectives"],
            "original_language": original,
            "duration_months": rng.randint(6, 24),
            "requested_amount": Decimal("0"),
            "state": state,
            "created_at": created,
            "updated_at": submitted or created,
            "submitted_at": submitted,
            # Not columns: what the rest of the run needs to know.
            "countries": countries,
            "exploitation_forms": pick(rng, self.context.taxonomy["exploitation_forms"], 0, 2),
            "target_groups": pick(rng, self.context.taxonomy["target_groups"], 1, 2),
            "results": [],
        }
        if state != "draft" or rng.random() < 0.7:
            proposal["requested_amount"] = Decimal(rng.randint(int(MIN_AWARD) // 100, int(call.max_award) // 100) * 100)
        if state in SCREENED:
            if call.phase == "open":
                proposal["screened_at"] = self.between(submitted + timedelta(hours=1), self.now)
            else:
                proposal["screened_at"] = call.closes + timedelta(days=rng.randint(1, 10))
            proposal["screened_by_id"] = rng.choice(self.people.managers)
            proposal["updated_at"] = proposal["screened_at"]
            if state == "ineligible":
                proposal["screening_reason"] = self.text.sentence("en", 15)
        if state in WITH_BOARD:
            proposal["score"] = self._board(call, proposal)
        return proposal

    def _board(self, call: Call, proposal: dict) -> float | None:
        """The review case the call's board scores; returns the mean of the submitted reviews."""
        rng = self.rng
        case = self.reviewing.open_case(
            owner=OWNER,
            title=proposal["title"],
            language=proposal["original_language"],
            organization=proposal["organization_id"],
            submitter=proposal["created_by_id"],
            rubric=self.rubric,
            created=call.sent_to_board,
            countries=proposal["countries"],
            themes=call.themes,
            exploitation_forms=proposal["exploitation_forms"],
            reviewers_see_reviews=False,
            # Evaluated proposals of a decided call are awarded or declined: either way the case is decided.
            state="decided" if proposal["state"] == "evaluated" else "open",
        )
        proposal["review_case_id"] = case
        proposal["updated_at"] = call.sent_to_board
        invited = call.sent_to_board + timedelta(hours=rng.randint(1, 48))
        manager = rng.choice(self.people.managers)
        quality = rng.uniform(1.8, 4.8)
        scores = []
        for reviewer in rng.sample(self.people.board, call.board_size):
            if proposal["state"] == "under_evaluation":
                state = rng.choices(["submitted", "accepted", "invited"], [60, 25, 15])[0]
            else:
                state = "submitted"
            score = self.reviewing.assign(
                case=case,
                rubric=self.rubric,
                reviewer=reviewer,
                invited_by=manager,
                invited=invited,
                state=state,
                language=proposal["original_language"],
                quality=quality,
                submit_by=min(call.decided - timedelta(days=3), self.now),
            )
            if score is not None:
                scores.append(score)
        return sum(scores) / len(scores) if scores else None

    def _decide(self, call: Call) -> Decimal:
        """The call's budget, and for a decided call the awards in the board's order while the budget lasts."""
        rng = self.rng
        considered = [p for p in call.proposals if p["state"] in ("submitted", "screening", *SCREENED)]
        share = Decimal(str(round(rng.uniform(0.15, 0.3), 2)))
        requested = sum((p["requested_amount"] for p in considered), Decimal("0"))
        budget = max(call.max_award * 2, (requested * share / 1000).quantize(Decimal("1")) * 1000)
        if call.phase != "decided":
            return budget
        remaining = budget
        ranked = sorted(
            (p for p in call.proposals if p["state"] == "evaluated"), key=lambda p: (-(p["score"] or 0), p["id"])
        )
        for proposal in ranked:
            amount = proposal["requested_amount"]
            if rng.random() < 0.2:
                amount = max(MIN_AWARD, (amount * Decimal("0.9") / 100).quantize(Decimal("1")) * 100)
            if amount <= remaining:
                remaining -= amount
                proposal["state"], proposal["award"] = "awarded", amount
            else:
                proposal["state"] = "declined"
            proposal["updated_at"] = call.decided
        return budget

    def _write_call(self, call: Call, budget: Decimal) -> None:
        rng, text = self.rng, self.text
        programme = rng.choice(ProgrammeType.values)
        title = "%s %s: %s" % (ProgrammeType(programme).label, call.closes.year, text.title("en", 4))
        description, eligibility = text.sentence("en", 40), text.sentence("en", 15)
        self.batch.add(
            GrantCall,
            id=call.pk,
            title=title,
            title_en=title,
            description=description,
            description_en=description,
            eligibility=eligibility,
            eligibility_en=eligibility,
            programme_type=programme,
            budget=budget,
            currency="USD",
            min_award=MIN_AWARD,
            max_award=call.max_award,
            opens=call.opens,
            closes=call.closes,
            eligible_org_kinds=["ngo"] if rng.random() < 0.5 else [],
            rubric_id=self.rubric.pk,
            reviewers_per_proposal=call.board_size,
            # Synthetic proposals carry no files, so their calls ask for none.
            required_attachments=[],
            screening_questions=[SCREENING_QUESTION],
            created_by_id=rng.choice(self.people.managers),
            created_at=call.opens - timedelta(days=rng.randint(7, 30)),
        )
        self.batch.link(GrantCall, "themes", call.pk, call.themes)
        for proposal in call.proposals:
            self._write_proposal(call, proposal, title)

    def _write_proposal(self, call: Call, proposal: dict, call_title: str) -> None:
        rng, batch, language = self.rng, self.batch, proposal["original_language"]
        pk = proposal["id"]
        for relation in ("countries", "exploitation_forms", "target_groups"):
            batch.link(Proposal, relation, pk, proposal[relation])
        self._budget_lines(pk, proposal["requested_amount"], language)
        for position in range(1, rng.randint(1, 3) + 1):
            proposal["results"].append(
                batch.add(
                    ExpectedResult,
                    proposal_id=pk,
                    result=self.text.sentence(language, 8)[:300],
                    indicator=self.text.title(language, 3)[:200],
                    target=Decimal(rng.randint(10, 500)),
                    position=position,
                )
            )
        if proposal["submitted_at"]:
            self._screening(proposal)
        if proposal["state"] in ("awarded", "declined"):
            self._decision(call, proposal, call_title)
        batch.add(Proposal, **{name: value for name, value in proposal.items() if name not in NOT_COLUMNS})

    def _budget_lines(self, proposal: int, amount: Decimal, language: str) -> None:
        """2–5 lines in different categories whose amounts add up to the amount requested."""
        if not amount:
            return
        units = int(amount) // 100
        categories = self.rng.sample(BudgetLine.Category.values, self.rng.randint(2, 5))
        cuts = sorted(self.rng.sample(range(1, units), len(categories) - 1))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, units], strict=True)]
        for position, (category, part) in enumerate(zip(categories, parts, strict=True), start=1):
            self.batch.add(
                BudgetLine,
                proposal_id=proposal,
                category=category,
                description=self.text.sentence(language, 6)[:300],
                amount=Decimal(part * 100),
                position=position,
            )

    def _screening(self, proposal: dict) -> None:
        """The checklist screening_prepare writes at submission; the manager's answer once screened."""
        organization = proposal["organization_id"]
        details = {
            "organization_kind": str(OrganizationKind.NGO.label),
            "organization_country": self.context.names["countries"][self.people.org_countries[organization]],
            "amount_within_limits": "%s USD" % proposal["requested_amount"],
        }
        for position, (key, label) in enumerate(CHECK_LABELS.items()):
            self.batch.add(
                ScreeningItem,
                proposal_id=proposal["id"],
                key=key,
                label=str(label)[:300],
                automatic=True,
                passed=True,
                detail=details.get(key, ""),
                position=position,
            )
        answered = proposal["state"] not in ("submitted", "withdrawn")
        eligible = proposal["state"] != "ineligible"
        self.batch.add(
            ScreeningItem,
            proposal_id=proposal["id"],
            key="question-1",
            label=SCREENING_QUESTION,
            passed=eligible if answered else None,
            detail="" if eligible else self.text.sentence("en", 8)[:300],
            answered_by_id=self.rng.choice(self.people.managers) if answered else None,
            position=len(CHECK_LABELS) + 1,
        )

    def _decision(self, call: Call, proposal: dict, call_title: str) -> None:
        manager = self.rng.choice(self.people.managers)
        # The submitter's language: synthetic members keep the default, English.
        context = {"proposal": {"title": TITLE}, "call": {"title": call_title, "currency": "USD"}}
        if proposal["state"] == "declined":
            outcome = "reject"
            letter = self.reviewing.letter("grants/letters/decline.txt", "en", {TITLE: proposal["title"]}, **context)
        else:
            outcome = "accept"
            grant = self.funded.award(
                call=call.pk, themes=call.themes, proposal=proposal, manager=manager, awarded=call.decided
            )
            fill = {TITLE: proposal["title"], AMOUNT: str(proposal["award"])}
            letter = self.reviewing.letter(
                "grants/letters/award.txt", "en", fill, amount=AMOUNT, grant=grant, **context
            )
        self.reviewing.decide(
            case=proposal["review_case_id"], outcome=outcome, letter=letter, decided_by=manager, decided_at=call.decided
        )
