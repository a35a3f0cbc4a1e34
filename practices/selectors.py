from django.db.models import Prefetch, QuerySet

from portal.taxonomy.models import Theme
from practices.models import Practice, PracticeCall


def published_practices(*, theme: str = "", country: str = "") -> QuerySet:
    practices = (
        Practice.objects.published()
        .select_related("organization__country")
        .prefetch_related("countries", Prefetch("themes", queryset=Theme.objects.order_by("position")))
    )
    if theme:
        practices = practices.filter(themes__slug=theme)
    if country:
        practices = practices.filter(countries__code=country.upper())
    return practices.distinct().order_by("-published_at", "-pk")


def organization_practices(user) -> QuerySet:
    """Every practice of the user's organisations, any state, for "my submissions"."""
    return (
        Practice.objects.filter(organization__memberships__user=user)
        .select_related("organization", "call")
        .distinct()
        .order_by("-updated_at")
    )


def open_calls() -> QuerySet:
    return PracticeCall.objects.open().prefetch_related("themes").order_by("deadline")


def related_practices(practice: Practice, *, limit: int = 4) -> list[Practice]:
    themes = list(practice.themes.values_list("pk", flat=True))
    countries = list(practice.countries.values_list("pk", flat=True))
    return list(
        Practice.objects.published()
        .exclude(pk=practice.pk)
        .filter(themes__in=themes)
        .filter(countries__in=countries)
        .distinct()
        .order_by("-published_at")[:limit]
    ) or list(
        Practice.objects.published()
        .exclude(pk=practice.pk)
        .filter(themes__in=themes)
        .distinct()
        .order_by("-published_at")[:limit]
    )


def submission_for_review(case) -> list[tuple[str, str]]:
    """The text of the version under review, field by field; identity fields are left out (blind review)."""
    from practices.models import TRANSLATED_FIELDS

    practice = Practice.objects.filter(review_case=case).first()
    if practice is None:
        return []
    version = practice.versions.order_by("-number").first()
    data = version.data if version else {}
    rows = [(Practice._meta.get_field(field).verbose_name, data.get(field, "")) for field in TRANSLATED_FIELDS]
    for field in ("scope", "implementation_status", "countries", "themes", "exploitation_forms", "target_groups"):
        value = data.get(field)
        if isinstance(value, list):
            value = ", ".join(value)
        elif value and field in ("scope", "implementation_status"):
            value = dict(Practice._meta.get_field(field).choices).get(value, value)
        rows.append((Practice._meta.get_field(field).verbose_name, value or ""))
    return [(str(label).capitalize(), text) for label, text in rows if text]
