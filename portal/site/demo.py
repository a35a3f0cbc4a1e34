"""Demo content for `seed_demo`, drawn from the facts of the source documents (paraphrased)."""

from django.db import transaction
from django.utils import timezone

from portal.accounts.models import Membership, Organization, User
from portal.accounts.services import user_provision
from portal.taxonomy.models import Country

DEMO_PASSWORD = "demo-portal-2026"

ORGANIZATIONS = [
    # name, kind, country, website, verified
    ("Namibia Child Protection Alliance", "ngo", "NA", "https://ncpa.example.org", True),
    ("Atlas Migrant Rights Collective", "ngo", "MA", "https://atlas-rights.example.org", True),
    ("Safe Passage Ukraine", "ngo", "UA", "https://safepassage.example.org", True),
    ("Mekong Fishers' Solidarity Network", "ngo", "TH", "https://mekong-fishers.example.org", False),
    ("Andean Centre for Survivors", "ngo", "PE", "https://andean-survivors.example.org", True),
    ("National Anti-Trafficking Secretariat of Nepal", "government", "NP", "", True),
    ("Institute for Research on Forced Labour", "academic", "FR", "https://irfl.example.org", True),
    ("Hospitality and Transport Partners for Safe Travel", "private_sector", "ZA", "", True),
]

ACCOUNTS = [
    # email, role, organisation, country, full name
    ("admin@example.org", "admin", None, "AT", "Portal Administrator"),
    ("editor@example.org", "editor", None, "FR", "Élise Martin"),
    ("reviewer@example.org", "reviewer", "Institute for Research on Forced Labour", "FR", "Karim Benali"),
    ("reviewer2@example.org", "reviewer", None, "IN", "Priya Raman"),
    ("grants@example.org", "grant_manager", None, "US", "Grace Okafor"),
    ("board@example.org", "board_member", None, "BR", "Rafael Souza"),
    (
        "campaigns@example.org",
        "campaign_manager",
        "Hospitality and Transport Partners for Safe Travel",
        "ZA",
        "Thandi Nkosi",
    ),
    ("ngo@example.org", "submitter", "Namibia Child Protection Alliance", "NA", "Maria Shikongo"),
    ("ngo.ma@example.org", "submitter", "Atlas Migrant Rights Collective", "MA", "Youssef El Amrani"),
]


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Create the demo organisations and one account per role; running it again changes nothing."""
    countries = {country.code: country for country in Country.objects.filter(code__in={o[2] for o in ORGANIZATIONS})}
    for name, kind, code, website, verified in ORGANIZATIONS:
        organization, created = Organization.objects.get_or_create(
            name=name, country=countries[code], defaults={"kind": kind, "website": website}
        )
        if created and verified:
            organization.verified_at = timezone.now()
            organization.save(update_fields=["verified_at"])
    accounts = []
    for email, role, organization_name, country, full_name in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user, _created = user_provision(
                email=email, password=DEMO_PASSWORD, role=role, country_code=country, full_name=full_name
            )
        if organization_name:
            Membership.objects.get_or_create(
                user=user,
                organization=Organization.objects.get(name=organization_name),
                defaults={"role": Membership.OrgRole.ADMIN},
            )
        accounts.append((email, role))
    return accounts
