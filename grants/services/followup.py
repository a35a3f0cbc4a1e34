"""Funded projects: payment tranches, progress and final reports, and the reminders about them."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import search
from grants.models import Grant, IndicatorValue, Report, StandardIndicator, Tranche
from grants.permissions import is_grant_manager
from portal.accounts.permissions import is_member
from portal.audit.services import audit_record
from portal.errors import InvalidTransition
from portal.notifications.services import link_for, notify

REMIND_DAYS_BEFORE = 14
ESCALATE_DAYS_LATE = 14


def _members(grant: Grant):
    return grant.organization.members.filter(is_active=True)


def _managers():
    return get_user_model().objects.with_role("grant_manager")


@transaction.atomic
def tranche_pay(*, tranche: Tranche, actor, paid_on: date | None = None) -> Tranche:
    if not is_grant_manager(actor):
        raise PermissionDenied(_("Only grant managers record payments."))
    tranche = Tranche.objects.select_for_update().select_related("grant__proposal").get(pk=tranche.pk)
    paid_on = paid_on or timezone.localdate()
    if tranche.paid_on is not None:
        raise InvalidTransition(_("This tranche is already paid."), state="paid")
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": [_("A payment date cannot be in the future.")]})
    tranche.paid_on = paid_on
    tranche.paid_by = actor
    tranche.save(update_fields=["paid_on", "paid_by"])
    grant = tranche.grant
    audit_record(
        actor=actor,
        verb="tranche.pay",
        target=grant,
        note="#%s %s %s" % (tranche.number, tranche.amount, grant.currency),
    )
    for member in _members(grant):
        notify(
            recipient=member,
            kind="tranche_paid",
            context={
                "title": grant.proposal.title,
                "number": tranche.number,
                "amount": "%s %s" % (tranche.amount, grant.currency),
                "url": link_for(member, "grants:grant", pk=grant.pk),
            },
        )
    return tranche


def indicator_keys(grant: Grant) -> list[tuple[str, str, Decimal | None]]:
    """(form key, label, target) of every figure a report asks for: the standard ones, then the proposal's own."""
    keys = [(value, str(label), None) for value, label in StandardIndicator.choices]
    keys += [
        ("result-%s" % result.pk, "%s — %s" % (result.result, result.indicator), result.target)
        for result in grant.proposal.results.all()
    ]
    return keys


def _parse_values(grant: Grant, values: dict) -> list[IndicatorValue]:
    known = {key for key, _label, _target in indicator_keys(grant)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValidationError({"indicators": [_("Unknown indicator: %(keys)s.") % {"keys": ", ".join(unknown)}]})
    parsed = []
    errors = []
    for key, raw in values.items():
        if raw is None or str(raw).strip() == "":
            continue
        try:
            value = Decimal(str(raw).strip().replace(" ", ""))
        except (InvalidOperation, ValueError):
            errors.append(_("%(key)s: “%(value)s” is not a number.") % {"key": key, "value": str(raw)[:40]})
            continue
        if not value.is_finite() or value < 0:
            errors.append(_("%(key)s: give zero or a positive number.") % {"key": key})
            continue
        if key.startswith("result-"):
            parsed.append(IndicatorValue(expected_result_id=int(key.removeprefix("result-")), value=value))
        else:
            parsed.append(IndicatorValue(standard=key, value=value))
    if errors:
        raise ValidationError({"indicators": errors})
    return parsed


@transaction.atomic
def report_submit(*, report: Report, actor, narrative: str, values: dict) -> Report:
    report = (
        Report.objects.select_for_update().select_related("grant__proposal", "grant__organization").get(pk=report.pk)
    )
    grant = report.grant
    if not is_member(actor, grant.organization):
        raise PermissionDenied(_("Only members of the funded organisation report on the project."))
    if report.state not in (Report.State.DUE, Report.State.RETURNED):
        raise InvalidTransition(
            _("This report is already %(state)s.") % {"state": report.get_state_display().lower()}, state=report.state
        )
    if grant.state == Grant.State.CLOSED:
        raise InvalidTransition(_("This grant is closed."), state=grant.state)
    if not narrative.strip():
        raise ValidationError({"narrative": [_("Describe what the project did in this period.")]})
    parsed = _parse_values(grant, values)
    report.values.all().delete()
    for value in parsed:
        value.report = report
    IndicatorValue.objects.bulk_create(parsed)
    from_state = report.state
    report.narrative = narrative.strip()
    report.state = Report.State.SUBMITTED
    report.submitted_by = actor
    report.submitted_at = timezone.now()
    report.save(update_fields=["narrative", "state", "submitted_by", "submitted_at"])
    if grant.state == Grant.State.ACTIVE:
        grant.state = Grant.State.REPORTING
        grant.save(update_fields=["state"])
    audit_record(actor=actor, verb="report.submit", target=report, from_state=from_state, to_state=report.state)
    for manager in _managers():
        notify(
            recipient=manager,
            kind="report_submitted",
            context={
                "title": grant.proposal.title,
                "report": report.get_kind_display(),
                "url": link_for(manager, "grants:grant", pk=grant.pk),
            },
        )
    return report


def _review(report: Report, actor) -> Report:
    if not is_grant_manager(actor):
        raise PermissionDenied(_("Only grant managers accept or return reports."))
    report = Report.objects.select_for_update().select_related("grant__proposal").get(pk=report.pk)
    if report.state != Report.State.SUBMITTED:
        raise InvalidTransition(
            _("Only a submitted report can be reviewed; this one is %(state)s.")
            % {"state": report.get_state_display().lower()},
            state=report.state,
        )
    return report


def _tell_grantee(report: Report, *, accepted: bool) -> None:
    grant = report.grant
    for member in _members(grant):
        notify(
            recipient=member,
            kind="report_reviewed",
            context={
                "title": grant.proposal.title,
                "report": report.get_kind_display(),
                "accepted": accepted,
                "note": report.manager_note,
                "url": link_for(member, "grants:grant", pk=grant.pk),
            },
        )


@transaction.atomic
def report_accept(*, report: Report, actor, note: str = "") -> Report:
    report = _review(report, actor)
    report.state = Report.State.ACCEPTED
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.manager_note = note.strip()
    report.save(update_fields=["state", "reviewed_by", "reviewed_at", "manager_note"])
    audit_record(actor=actor, verb="report.accept", target=report, from_state="submitted", to_state="accepted")
    search.index(report.grant)
    grant = Grant.objects.select_for_update().get(pk=report.grant_id)
    all_paid = not grant.tranches.filter(paid_on__isnull=True).exists()
    if report.kind == Report.Kind.FINAL and all_paid:
        from_state = grant.state
        grant.state = Grant.State.CLOSED
        grant.save(update_fields=["state"])
        audit_record(actor=actor, verb="grant.close", target=grant, from_state=from_state, to_state=grant.state)
    _tell_grantee(report, accepted=True)
    return report


@transaction.atomic
def report_return(*, report: Report, actor, note: str) -> Report:
    if not note.strip():
        raise ValidationError({"note": [_("Say what the organisation should change.")]})
    report = _review(report, actor)
    report.state = Report.State.RETURNED
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.manager_note = note.strip()
    report.save(update_fields=["state", "reviewed_by", "reviewed_at", "manager_note"])
    audit_record(
        actor=actor, verb="report.return", target=report, from_state="submitted", to_state="returned", note=note
    )
    _tell_grantee(report, accepted=False)
    return report


def report_reminders_send(*, today: date | None = None) -> int:
    """Daily: remind before a report is due, again when late, and tell the grant managers when very late.

    Dedupe keys make a second run on the same day (or a re-run after a crash) send nothing twice.
    """
    today = today or timezone.localdate()
    sent = 0
    open_reports = (
        Report.objects.filter(
            state__in=[Report.State.DUE, Report.State.RETURNED], grant__state__in=["active", "reporting"]
        )
        .filter(due_date__lte=today + timedelta(days=REMIND_DAYS_BEFORE))
        .select_related("grant__proposal", "grant__organization")
    )
    managers = list(_managers())
    for report in open_reports:
        grant = report.grant
        late = (today - report.due_date).days
        context = {
            "title": grant.proposal.title,
            "report": report.get_kind_display(),
            "due": report.due_date.isoformat(),
            "days_late": max(late, 0),
        }
        if late <= 0:
            kind, key = "report_due_soon", "report-due:%s:%s" % (report.pk, report.due_date)
        else:
            # One reminder a week while it stays late.
            kind, key = "report_overdue", "report-late:%s:%s" % (report.pk, late // 7)
        with transaction.atomic():
            for member in _members(grant):
                notify(
                    recipient=member,
                    kind=kind,
                    context=context | {"url": link_for(member, "grants:grant", pk=grant.pk)},
                    dedupe_key="%s:%s" % (key, member.pk),
                )
                sent += 1
            if late >= ESCALATE_DAYS_LATE:
                for manager in managers:
                    notify(
                        recipient=manager,
                        kind="report_escalation",
                        context=context
                        | {
                            "organization": grant.organization.name,
                            "url": link_for(manager, "grants:grant", pk=grant.pk),
                        },
                        dedupe_key="report-escalation:%s:%s" % (report.pk, manager.pk),
                    )
                    sent += 1
    return sent
