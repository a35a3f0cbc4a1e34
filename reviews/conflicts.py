"""Conflicts of interest, declared or found: a conflicted reviewer is never assigned."""

from django.utils.translation import gettext as _

from portal.accounts.models import Membership
from reviews.models import ConflictOfInterest, Relationship, ReviewerProfile

# Sharing one of these domains says nothing about sharing an employer.
WEBMAIL_DOMAINS = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.fr",
        "yahoo.es",
        "yahoo.co.in",
        "hotmail.com",
        "hotmail.fr",
        "outlook.com",
        "live.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.ru",
        "inbox.ru",
        "list.ru",
        "bk.ru",
        "yandex.ru",
        "yandex.com",
        "qq.com",
        "163.com",
        "126.com",
        "sina.com",
        "foxmail.com",
        "rediffmail.com",
        "zoho.com",
        "orange.fr",
        "free.fr",
        "laposte.net",
        "wanadoo.fr",
        "terra.com.br",
        "uol.com.br",
        "bol.com.br",
        "sapo.pt",
    ]
)


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower()


def conflicts_between(reviewer, case) -> list[str]:
    """Every reason why `reviewer` must not review `case`, as sentences for the editor; empty if none."""
    reasons = []
    submitter = case.submitter
    if submitter is not None and submitter.pk == reviewer.pk:
        reasons.append(_("the reviewer submitted it"))
    organization = case.organization
    if organization is not None:
        if Membership.objects.filter(user=reviewer, organization=organization).exists():
            reasons.append(_("the reviewer is a member of the submitting organisation"))
        profile = getattr(reviewer, "reviewer_profile", None)
        if profile is not None:
            if profile.organization_id == organization.pk and not reasons:
                reasons.append(_("the reviewer is a member of the submitting organisation"))
            for relationship in Relationship.objects.filter(profile=profile, organization=organization):
                reasons.append(
                    _("the reviewer declared a relationship with the submitting organisation (%(kind)s)")
                    % {"kind": relationship.get_kind_display().lower()}
                )
        declared = ConflictOfInterest.objects.filter(reviewer=reviewer, organization=organization)
        for conflict in declared:
            reasons.append(
                _("declared conflict with the organisation: %(kind)s") % {"kind": conflict.get_kind_display()}
            )
    for conflict in ConflictOfInterest.objects.filter(reviewer=reviewer, case=case):
        reasons.append(_("declared conflict with this case: %(kind)s") % {"kind": conflict.get_kind_display()})
    if submitter is not None and submitter.pk != reviewer.pk:
        domain = email_domain(reviewer.email)
        if domain == email_domain(submitter.email) and domain not in WEBMAIL_DOMAINS:
            reasons.append(_("the reviewer's e-mail domain (%(domain)s) is the submitter's") % {"domain": domain})
    return reasons


def conflict_pairs(cases, reviewers) -> set[tuple[int, int]]:
    """(case id, reviewer id) pairs in conflict, for many cases and reviewers in a fixed number of queries.

    The same rules as `conflicts_between`, which explains a single refusal in words.
    """
    reviewer_ids = [reviewer.pk for reviewer in reviewers]
    memberships: dict[int, set[int]] = {}
    for user_id, organization_id in Membership.objects.filter(user_id__in=reviewer_ids).values_list(
        "user_id", "organization_id"
    ):
        memberships.setdefault(user_id, set()).add(organization_id)
    for user_id, organization_id in Relationship.objects.filter(profile__user_id__in=reviewer_ids).values_list(
        "profile__user_id", "organization_id"
    ):
        memberships.setdefault(user_id, set()).add(organization_id)

    for user_id, organization_id in ReviewerProfile.objects.filter(
        user_id__in=reviewer_ids, organization__isnull=False
    ).values_list("user_id", "organization_id"):
        memberships.setdefault(user_id, set()).add(organization_id)
    declared_orgs: dict[int, set[int]] = {}
    declared_cases: set[tuple[int, int]] = set()
    for user_id, organization_id, case_id in ConflictOfInterest.objects.filter(
        reviewer_id__in=reviewer_ids
    ).values_list("reviewer_id", "organization_id", "case_id"):
        if organization_id:
            declared_orgs.setdefault(user_id, set()).add(organization_id)
        if case_id:
            declared_cases.add((case_id, user_id))
    domains = {reviewer.pk: email_domain(reviewer.email) for reviewer in reviewers}
    pairs = set(declared_cases)
    for case in cases:
        submitter = case.submitter
        submitter_domain = email_domain(submitter.email) if submitter else None
        for reviewer in reviewers:
            if (
                (submitter is not None and submitter.pk == reviewer.pk)
                or (
                    case.organization_id is not None
                    and case.organization_id
                    in memberships.get(reviewer.pk, set()) | declared_orgs.get(reviewer.pk, set())
                )
                or (submitter_domain == domains[reviewer.pk] and submitter_domain not in WEBMAIL_DOMAINS)
            ):
                pairs.add((case.pk, reviewer.pk))
    return pairs
