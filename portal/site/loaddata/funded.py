"""Funded projects: the grant proposal_award creates, with its two tranches and two reports, paid, reported and
accepted as far as their dates allow, and the project's search entry."""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from grants.models import Grant, IndicatorValue, Report, StandardIndicator, Tranche
from grants.services.evaluation import FIRST_TRANCHE_SHARE
from portal.site.loaddata.context import Context
from portal.site.loaddata.copying import Batch, entry
from portal.site.loaddata.people import People
from portal.site.loaddata.text import Text

# Shares of the reports whose due date is three weeks past or more, by state (due = late).
REPORT_STATES = {Report.State.DUE: 6, Report.State.SUBMITTED: 8, Report.State.ACCEPTED: 80, Report.State.RETURNED: 6}


class FundedProjects:
    def __init__(self, batch: Batch, rng: random.Random, text: Text, context: Context, people: People):
        self.batch, self.rng, self.text, self.context, self.people = batch, rng, text, context, people
        self.now = context.now
        self.count = 0
        self.entries: list[list] = []

    def award(self, *, call: int, themes: list[int], proposal: dict, manager: int, awarded: datetime) -> dict:
        """Returns the grant's dates, for the award letter."""
        rng, batch, today = self.rng, self.batch, self.now.date()
        amount = proposal["award"]
        starts = awarded.date()
        ends = starts + relativedelta(months=proposal["duration_months"])
        pk = batch.new_id(Grant)
        first = (amount * FIRST_TRANCHE_SHARE).quantize(Decimal("0.01"))
        first_due = starts + timedelta(days=14)
        tranches = [
            {"number": 1, "amount": first, "due_date": first_due},
            {"number": 2, "amount": amount - first, "due_date": ends},
        ]
        if first_due <= today:
            tranches[0].update(paid_on=min(first_due + timedelta(days=rng.randint(0, 7)), today), paid_by_id=manager)
        member = proposal["created_by_id"]
        progress = self._report(pk, proposal, Report.Kind.PROGRESS, starts + (ends - starts) / 2, member, manager)
        # The final report comes after an accepted progress report.
        final = self._report(
            pk,
            proposal,
            Report.Kind.FINAL,
            ends + timedelta(days=30),
            member,
            manager,
            possible=progress["state"] == Report.State.ACCEPTED,
        )
        reports = (progress, final)
        if final["state"] == Report.State.ACCEPTED:
            # report_accept closes the grant once the final report is accepted and every tranche paid.
            tranches[1].update(paid_on=final["reviewed_at"].date(), paid_by_id=manager)
            state = Grant.State.CLOSED
        elif any(report["state"] != Report.State.DUE for report in reports):
            state = Grant.State.REPORTING
        else:
            state = Grant.State.ACTIVE
        for tranche in tranches:
            batch.add(Tranche, grant_id=pk, **tranche)
        batch.add(
            Grant,
            id=pk,
            proposal_id=proposal["id"],
            call_id=call,
            organization_id=proposal["organization_id"],
            amount=amount,
            currency="USD",
            state=state,
            starts=starts,
            ends=ends,
            awarded_by_id=manager,
            awarded_at=awarded,
        )
        self.count += 1
        narratives = [report["narrative"] for report in reports if report["state"] == Report.State.ACCEPTED]
        self._index(pk, themes, proposal, awarded, narratives)
        return {"starts": starts, "ends": ends}

    def _report(self, grant: int, proposal: dict, kind: str, due, member: int, manager: int, possible=True) -> dict:
        """A report as far as its due date allows: still due, submitted, accepted or returned."""
        rng = self.rng
        late = (self.now.date() - due).days
        if not possible or late < 0:
            state = Report.State.DUE
        elif late < 21:
            state = rng.choice([Report.State.DUE, Report.State.SUBMITTED])
        else:
            state = rng.choices(list(REPORT_STATES), list(REPORT_STATES.values()))[0]
        row = {"grant_id": grant, "kind": kind, "due_date": due, "state": state}
        if state != Report.State.DUE:
            submitted = datetime.combine(due, self.now.timetz()) + timedelta(days=rng.randint(-10, 10))
            row.update(
                narrative=self.text.sentence(proposal["original_language"], 30),
                submitted_by_id=member,
                submitted_at=min(submitted, self.now),
            )
        if state in (Report.State.ACCEPTED, Report.State.RETURNED):
            row.update(
                reviewed_by_id=manager,
                reviewed_at=min(row["submitted_at"] + timedelta(days=rng.randint(2, 20)), self.now),
                manager_note=self.text.sentence("en", 10) if state == Report.State.RETURNED else "",
            )
        report = self.batch.add(Report, **row)
        if state != Report.State.DUE:
            self._values(report, proposal)
        return row

    def _values(self, report: int, proposal: dict) -> None:
        """The standard indicators, then one figure for each of the proposal's expected results."""
        rng = self.rng
        identified = rng.randint(0, 40)
        figures = {
            StandardIndicator.VICTIMS_IDENTIFIED: identified,
            StandardIndicator.VICTIMS_ASSISTED: rng.randint(0, identified),
            StandardIndicator.PEOPLE_TRAINED: rng.randint(0, 200),
            StandardIndicator.PEOPLE_REACHED: rng.randint(100, 5000),
        }
        for standard, value in figures.items():
            self.batch.add(IndicatorValue, report_id=report, standard=standard, value=Decimal(value))
        for result in proposal["results"]:
            value = Decimal(rng.randint(0, 400))
            self.batch.add(IndicatorValue, report_id=report, expected_result_id=result, value=value)

    def _index(self, grant: int, themes: list[int], proposal: dict, awarded: datetime, narratives: list[str]) -> None:
        """The funded project's entry, as grants.search.documents writes it."""
        countries, original = proposal["countries"], proposal["original_language"]
        organization = self.people.org_names[proposal["organization_id"]]
        body = "\n".join([proposal["problem"], proposal["activities"], organization, *narratives])
        self.entries.append(
            entry(
                type="project", pk=grant, language=original, original=original, languages=[original],
                title=proposal["title"], summary=proposal["summary"], body=body, path="/grants/projects/%s/" % grant,
                published=awarded, scope="national" if len(countries) == 1 else "multi_country",
                countries=countries, regions=self.context.regions(countries), themes=themes,
                exploitation_forms=proposal["exploitation_forms"], target_groups=proposal["target_groups"],
            )
        )  # fmt: skip
