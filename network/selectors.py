"""Reads for the directories and discussions, each with its prefetching built in."""

from django.db.models import Count, Prefetch, Q, QuerySet

from campaigns.models import Campaign, CampaignPartner
from grants.models import Grant
from network.models import Post, Thread
from portal.accounts.models import Organization
from portal.taxonomy.models import Theme
from practices.models import Practice
from resources.models import Resource
from reviews.models import ReviewerProfile


def verified_organizations(*, q: str = "", kind: str = "", country: str = "", theme: str = "") -> QuerySet:
    organizations = Organization.objects.verified().select_related("country")
    if q:
        organizations = organizations.filter(name__icontains=q)
    if kind:
        organizations = organizations.filter(kind=kind)
    if country:
        organizations = organizations.filter(country__code=country.upper())
    if theme:
        organizations = organizations.filter(
            Q(practices__state=Practice.State.PUBLISHED, practices__themes__slug=theme)
            | Q(resources__state=Resource.State.PUBLISHED, resources__themes__slug=theme)
        )
    return organizations.annotate(
        published_practices=Count("practices", filter=Q(practices__state=Practice.State.PUBLISHED), distinct=True)
    ).order_by("name")


def organization_profile(organization: Organization) -> dict:
    """What a verified organisation has done on the portal, for its public page and the API."""
    practices = list(
        Practice.objects.published().filter(organization=organization).prefetch_related("themes", "countries")
    )
    resources = list(Resource.objects.published().filter(organization=organization))
    themes = {theme.pk: theme for practice in practices for theme in practice.themes.all()}
    themes.update({theme.pk: theme for theme in Theme.objects.filter(resource__in=resources)})
    campaigns = list(
        Campaign.objects.published()
        .filter(partnerships__organization=organization, partnerships__state=CampaignPartner.State.APPROVED)
        .distinct()
    )
    grants = list(Grant.objects.filter(organization=organization).select_related("proposal"))
    return {
        "practices": practices,
        "resources": resources,
        "themes": sorted(themes.values(), key=lambda theme: (theme.position, theme.slug)),
        "countries": sorted({c for practice in practices for c in practice.countries.all()}, key=lambda c: c.name),
        "campaigns": campaigns,
        "grants": grants,
    }


def public_experts(*, theme: str = "", language: str = "", region: str = "") -> QuerySet:
    experts = (
        ReviewerProfile.objects.filter(
            state=ReviewerProfile.State.APPROVED, public_directory=True, user__is_active=True
        )
        .select_related("user", "organization")
        .prefetch_related("themes", "regions", "exploitation_forms")
    )
    if theme:
        experts = experts.filter(themes__slug=theme)
    if language:
        experts = experts.filter(languages__contains=[language])
    if region:
        experts = experts.filter(regions__slug=region)
    return experts.distinct().order_by("user__full_name", "pk")


def threads_for(item, *, include_hidden: bool = False) -> list[Thread]:
    field = "practice" if item._meta.model_name == "practice" else "resource"
    threads = (
        Thread.objects.filter(**{field: item})
        .select_related("started_by")
        .annotate(visible_posts=Count("posts", filter=Q(posts__hidden=False)))
    )
    if not include_hidden:
        threads = threads.filter(hidden=False)
    return list(threads.order_by("-last_post_at"))


def thread_posts(thread: Thread) -> list[Post]:
    return list(
        thread.posts.select_related("author").prefetch_related(Prefetch("reports")).order_by("created_at", "pk")
    )
