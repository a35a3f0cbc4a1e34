from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from grants.models import AttachmentKind, GrantCall
from grants.permissions import is_grant_manager
from portal.accounts.models import OrganizationKind
from portal.audit.services import audit_record
from reviews.services.cases import default_rubric


def _check_call(data: dict) -> None:
    errors = {}
    if data["closes"] <= data["opens"]:
        errors["closes"] = [_("The call must close after it opens.")]
    if data["budget"] <= 0:
        errors["budget"] = [_("The budget must be more than zero.")]
    if data["max_award"] <= 0:
        errors["max_award"] = [_("The largest award must be more than zero.")]
    elif data["max_award"] > data["budget"]:
        errors["max_award"] = [_("The largest award cannot exceed the budget.")]
    if data.get("min_award", 0) < 0 or data.get("min_award", 0) > data["max_award"]:
        errors["min_award"] = [_("The smallest award must be between zero and the largest award.")]
    unknown_kinds = set(data.get("eligible_org_kinds") or []) - set(OrganizationKind.values)
    if unknown_kinds:
        errors["eligible_org_kinds"] = [
            _("Unknown kind of organisation: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown_kinds))}
        ]
    unknown_attachments = set(data.get("required_attachments") or []) - set(AttachmentKind.values)
    if unknown_attachments:
        errors["required_attachments"] = [
            _("Unknown attachment: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown_attachments))}
        ]
    if len(data.get("currency") or "") != 3 or not (data.get("currency") or "").isalpha():
        errors["currency"] = [_("Give the currency as a three-letter ISO code, such as USD or EUR.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def call_create(
    *,
    actor,
    title: str,
    description: str,
    programme_type: str,
    budget: Decimal,
    max_award: Decimal,
    opens,
    closes,
    currency: str = "USD",
    min_award: Decimal = Decimal("0"),
    eligibility: str = "",
    eligible_org_kinds=(),
    eligible_countries=(),
    themes=(),
    rubric=None,
    reviewers_per_proposal: int = 2,
    required_attachments=(),
    screening_questions=(),
    proposals_per_organization: int = 1,
) -> GrantCall:
    if not is_grant_manager(actor):
        raise PermissionDenied(_("Only grant managers open calls for proposals."))
    data = {
        "title": title,
        "description": description,
        "eligibility": eligibility,
        "programme_type": programme_type,
        "budget": Decimal(budget),
        "currency": (currency or "").upper(),
        "min_award": Decimal(min_award or 0),
        "max_award": Decimal(max_award),
        "opens": opens,
        "closes": closes,
        "eligible_org_kinds": list(eligible_org_kinds or []),
        "reviewers_per_proposal": reviewers_per_proposal,
        "required_attachments": list(required_attachments or []),
        "screening_questions": [question.strip() for question in screening_questions or [] if question.strip()],
        "proposals_per_organization": proposals_per_organization,
    }
    _check_call(data)
    call = GrantCall.objects.create(rubric=rubric or default_rubric("grant"), created_by=actor, **data)
    call.eligible_countries.set(eligible_countries)
    call.themes.set(themes)
    audit_record(actor=actor, verb="grant_call.create", target=call, note=title)
    return call


@transaction.atomic
def call_update_budget(*, call: GrantCall, budget: Decimal, actor) -> GrantCall:
    """A budget can grow or shrink, but never below what is already awarded."""
    call = GrantCall.objects.select_for_update().get(pk=call.pk)
    if not is_grant_manager(actor):
        raise PermissionDenied(_("Only grant managers change a call's budget."))
    awarded = call.grants.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if budget < awarded or budget < call.max_award:
        raise ValidationError(
            {
                "budget": [
                    _("The budget cannot be less than the awards made (%(awarded)s) or the largest award.")
                    % {"awarded": awarded}
                ]
            }
        )
    previous = call.budget
    call.budget = budget
    call.save(update_fields=["budget"])
    audit_record(actor=actor, verb="grant_call.budget", target=call, note="%s → %s" % (previous, budget))
    return call
