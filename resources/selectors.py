from django.db.models import QuerySet

from portal.taxonomy.models import Country, Theme
from resources.models import Resource


def published_resources(*, kind: str = "", theme: str = "", country: str = "", language: str = "") -> QuerySet:
    resources = (
        Resource.objects.published().select_related("organization").prefetch_related("countries", "themes", "files")
    )
    if kind:
        resources = resources.filter(kind=kind)
    if theme:
        resources = resources.filter(themes__slug=theme)
    if country:
        resources = resources.filter(countries__code=country.upper())
    if language:
        resources = resources.filter(files__language=language)
    return resources.distinct().order_by("-published_at", "-pk")


def list_filter_choices() -> dict:
    return {
        "kinds": Resource.Kind.choices,
        "themes": Theme.objects.order_by("position"),
        "countries": Country.objects.filter(resource__state=Resource.State.PUBLISHED).distinct().order_by("name"),
    }


def related_resources(resource: Resource, *, limit: int = 4) -> list[Resource]:
    themes = list(resource.themes.values_list("pk", flat=True))
    return list(
        Resource.objects.published()
        .exclude(pk=resource.pk)
        .filter(themes__in=themes)
        .distinct()
        .order_by("-published_at")[:limit]
    )


def related_practices(resource: Resource, *, limit: int = 4) -> list:
    from practices.models import Practice

    themes = list(resource.themes.values_list("pk", flat=True))
    return list(Practice.objects.published().filter(themes__in=themes).distinct().order_by("-published_at")[:limit])


def resource_for_review(case) -> list[tuple[str, str]]:
    """What a reviewer reads: the description and where to find the resource; the submitter is not named."""
    resource = Resource.objects.filter(review_case=case).prefetch_related("files", "themes").first()
    if resource is None:
        return []
    original = resource.original_language
    rows = [
        (Resource._meta.get_field("kind").verbose_name, resource.get_kind_display()),
        (Resource._meta.get_field("title").verbose_name, resource.localized("title", original)),
        (Resource._meta.get_field("summary").verbose_name, resource.localized("summary", original)),
        (Resource._meta.get_field("authors").verbose_name, resource.authors),
        (Resource._meta.get_field("publisher").verbose_name, resource.publisher),
        (Resource._meta.get_field("publication_year").verbose_name, str(resource.publication_year or "")),
        (Resource._meta.get_field("themes").verbose_name, ", ".join(str(t) for t in resource.themes.all())),
        (Resource._meta.get_field("audiences").verbose_name, ", ".join(map(str, resource.audience_labels))),
    ]
    for row in resource.files.all():
        rows.append(("%s [%s]" % (row._meta.verbose_name, row.language), row.original_name or row.url))
    return [(str(label).capitalize(), text) for label, text in rows if text]
