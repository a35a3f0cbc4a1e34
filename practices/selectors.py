from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.search.services import cached_until_index_changes
from portal.taxonomy.models import Country, ExploitationForm, TargetGroup, Theme
from portal.taxonomy.selectors import terms_by_id
from practices.models import TRANSLATED_FIELDS, Practice, PracticeCall, field_in, linked_labels


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


@dataclass
class LanguageCoverage:
    code: str
    name: str
    available: int
    missing: int


def _in_language(code: str) -> Q:
    """A practice is in a language when it has a title in it."""
    title = field_in("title", code)
    return Q(**{"%s__isnull" % title: False}) & ~Q(**{title: ""})


def translation_coverage() -> tuple[int, list[LanguageCoverage]]:
    """How many practices are published, and in each language how many have a text and how many lack one: one
    statement."""
    languages = dict(settings.LANGUAGES)
    counts = Practice.objects.published().aggregate(
        total=Count("pk"), **{code: Count("pk", filter=_in_language(code)) for code in languages}
    )
    total = counts.pop("total")
    return total, [
        LanguageCoverage(code, str(name), counts[code], total - counts[code]) for code, name in languages.items()
    ]


def coverage_practices(*, missing: str = "") -> QuerySet:
    """Published practices, newest first, with only what the coverage grid shows (their titles); `missing`: only
    those without that language."""
    titles = [field_in("title", code) for code, _name in settings.LANGUAGES]
    practices = Practice.objects.published().only("pk", "original_language", "published_at", *titles)
    if missing:
        practices = practices.exclude(_in_language(missing))
    return practices.order_by("-published_at", "-pk")


def list_filter_choices() -> dict[str, QuerySet]:
    """What the public list can be narrowed to: every theme, and the countries with a published practice."""
    return {
        "themes": Theme.objects.order_by("position"),
        "countries": Country.objects.filter(practice__state=Practice.State.PUBLISHED).distinct().order_by("name"),
    }


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


PAGE_TERMS = {
    "countries": Country,
    "themes": Theme,
    "exploitation_forms": ExploitationForm,
    "target_groups": TargetGroup,
}


def practice_terms(practice: Practice) -> dict[str, list]:
    """The practice's countries, themes, forms of exploitation and target groups, in their usual order: their ids
    in one statement over the link tables, the terms themselves from the reference data each process keeps."""
    linked = linked_labels([practice.pk])[practice.pk]
    terms = {}
    for relation, model in PAGE_TERMS.items():
        by_id = terms_by_id(model)
        terms[relation] = [by_id[pk] for pk, _label in linked[relation] if pk in by_id]
    return terms


def related_practices_cached(practice: Practice, terms: dict[str, list], *, limit: int = 4) -> list[Practice]:
    """`related_practices`, cached until the search index next changes (publishing, withdrawing or editing a
    published practice re-indexes it), like the search page's figures: the practice page's one costly read."""
    themes, countries = [term.pk for term in terms["themes"]], [term.pk for term in terms["countries"]]
    return cached_until_index_changes(
        "practices:related:%s:%s" % (practice.pk, limit),
        lambda: related_practices(practice, themes=themes, countries=countries, limit=limit),
    )


def related_practices(practice: Practice, *, themes: list[int], countries: list[int], limit: int = 4) -> list[Practice]:
    """The latest published practices sharing one of `themes` and one of `countries` with `practice`, then those
    sharing a theme: one statement whatever the number of themes. Each half walks the (state, -published_at)
    index and tests its links with EXISTS, so it stops after `limit` rows instead of joining and de-duplicating
    every match."""
    if not themes:
        return []
    columns = ["pk", "published_at", "original_language", *(field_in("title", code) for code, _ in settings.LANGUAGES)]
    shares_theme = Exists(Practice.themes.through.objects.filter(practice_id=OuterRef("pk"), theme_id__in=themes))
    shares_country = Exists(
        Practice.countries.through.objects.filter(practice_id=OuterRef("pk"), country_id__in=countries)
    )
    base = Practice.objects.published().exclude(pk=practice.pk).filter(shares_theme).only(*columns)
    both = base.filter(shares_country).annotate(priority=Value(0)).order_by("-published_at")[:limit]
    either = base.annotate(priority=Value(1)).order_by("-published_at")[:limit]
    if connection.features.supports_slicing_ordering_in_compound:
        rows = list(both.union(either, all=True).order_by("priority", "-published_at"))
    else:  # SQLite (the embedded default) cannot slice the halves of a union: two statements
        rows = [*both, *either]
    preferred = [row for row in rows if row.priority == 0] or [row for row in rows if row.priority == 1]
    return preferred[:limit]


def submission_for_review(case) -> list[tuple[str, str]]:
    """The text of the version under review, field by field; identity fields are left out (blind review)."""

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


def version_diff(practice: Practice, old: int, new: int) -> list[dict]:
    """Field-by-field changes between two submitted versions, word by word, for editors and reviewers."""
    import difflib

    versions = {version.number: version.data for version in practice.versions.filter(number__in=[old, new])}
    if old not in versions or new not in versions:
        return []
    changes = []
    for field, before in versions[old].items():
        after = versions[new].get(field)
        if before == after:
            continue
        before_words = (", ".join(before) if isinstance(before, list) else str(before or "")).split()
        after_words = (", ".join(after) if isinstance(after, list) else str(after or "")).split()
        parts = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before_words, b=after_words).get_opcodes():
            if tag in ("replace", "delete"):
                parts.append(("removed", " ".join(before_words[i1:i2])))
            if tag in ("replace", "insert"):
                parts.append(("added", " ".join(after_words[j1:j2])))
            if tag == "equal":
                parts.append(("same", " ".join(before_words[i1:i2])))
        try:
            label = Practice._meta.get_field(field).verbose_name
        except FieldDoesNotExist:
            label = field
        changes.append({"field": field, "label": str(label).capitalize(), "parts": parts})
    return changes


def attachments_for_review(case, assignment) -> list[tuple[str, str]]:
    """Links for the reviewer; in double-blind review the file names, which often name the NGO, are hidden."""

    practice = Practice.objects.filter(review_case=case).first()
    if practice is None:
        return []
    blind = case.blind_mode == "double"
    links = []
    for number, attachment in enumerate(practice.attachments.all(), start=1):
        label = (
            _("Attachment %(number)s (%(kind)s)") % {"number": number, "kind": attachment.kind.upper()}
            if blind
            else attachment.original_name
        )
        links.append((label, reverse("practices:review_file", args=[assignment.pk, attachment.pk])))
    return links
