"""Reads about organisations that staff rely on: the verification queue and possible duplicates."""

import re
from urllib.parse import urlsplit

from django.db.models import Count, Prefetch, QuerySet

from portal.accounts.models import Membership, Organization


def normalized_registration(number: str) -> str:
    """ "RC 12-345/a" and "rc12345A" are the same number written two ways."""
    return re.sub(r"[^0-9A-Z]", "", number.upper())


def normalized_website(url: str) -> str:
    """The host without "www.", so http://www.ngo.org/en/ and https://ngo.org are one site."""
    if not url:
        return ""
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    return host.removeprefix("www.")


def possible_duplicates(organizations: list[Organization]) -> dict[int, list[Organization]]:
    """For each organisation, the others sharing its registration number or its website (two queries at most)."""
    registrations = {normalized_registration(o.registration_number) for o in organizations} - {""}
    websites = {normalized_website(o.website) for o in organizations} - {""}
    if not registrations and not websites:
        return {organization.pk: [] for organization in organizations}
    candidates = Organization.objects.exclude(registration_number="", website="").only(
        "pk", "name", "registration_number", "website", "verified_at", "country_id"
    )
    by_registration: dict[str, list[Organization]] = {}
    by_website: dict[str, list[Organization]] = {}
    for candidate in candidates.iterator():
        registration = normalized_registration(candidate.registration_number)
        if registration in registrations:
            by_registration.setdefault(registration, []).append(candidate)
        website = normalized_website(candidate.website)
        if website in websites:
            by_website.setdefault(website, []).append(candidate)
    duplicates = {}
    for organization in organizations:
        found = {}
        for other in by_registration.get(
            normalized_registration(organization.registration_number), []
        ) + by_website.get(normalized_website(organization.website), []):
            if other.pk != organization.pk:
                found[other.pk] = other
        duplicates[organization.pk] = list(found.values())
    return duplicates


def verification_queue() -> QuerySet[Organization]:
    """Organisations waiting for staff, oldest first, with what staff need to decide."""
    return (
        Organization.objects.filter(verified_at__isnull=True)
        .select_related("country")
        .prefetch_related("documents", Prefetch("memberships", queryset=Membership.objects.select_related("user")))
        .annotate(document_count=Count("documents", distinct=True))
        .order_by("created_at", "pk")
    )
