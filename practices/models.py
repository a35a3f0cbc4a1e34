import functools
from itertools import islice

from django.conf import settings
from django.db import connection, models
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reviews.models import BlindMode

TRANSLATED_FIELDS = (
    "title",
    "summary",
    "description",
    "objectives",
    "activities",
    "results",
    "lessons_learned",
    "recommendations",
    "sustainability",
    "replicability",
)


def field_in(field: str, language: str) -> str:
    return "%s_%s" % (field, language.replace("-", "_"))


# The to-many relations a practice's representation lists, each by one column of the linked row (its label), in
# the linked model's own order: by `position` then label for taxonomy terms, by label for countries and partners.
LINKED_LABELS = {
    "countries": ("code", False),
    "themes": ("slug", True),
    "exploitation_forms": ("slug", True),
    "target_groups": ("slug", True),
    "sectors": ("slug", True),
    "partner_organizations": ("name", False),
}


class PracticeCallQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens__lte=now, deadline__gt=now)


class PracticeCall(models.Model):
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    criteria = models.TextField(_("criteria"), blank=True)
    themes = models.ManyToManyField("taxonomy.Theme", verbose_name=_("themes"), blank=True)
    eligible_kinds = models.JSONField(
        _("who may submit"), default=list, blank=True, help_text=_("Organisation kinds; empty means everyone.")
    )
    requires_completed = models.BooleanField(_("only completed or nearly completed practices"), default=True)
    opens = models.DateTimeField(_("opens"))
    deadline = models.DateTimeField(_("deadline"))
    rubric = models.ForeignKey("reviews.Rubric", verbose_name=_("rubric"), on_delete=models.PROTECT)
    blind_mode = models.CharField(_("blind review"), max_length=8, choices=BlindMode.choices, default=BlindMode.SINGLE)
    reviewers_see_reviews = models.BooleanField(_("reviewers see the other reviews once theirs is in"), default=True)
    reviewers_see_each_other = models.BooleanField(_("reviewers see each other's names"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PracticeCallQuerySet.as_manager()

    class Meta:
        ordering = ["deadline"]
        verbose_name = _("call for practices")
        verbose_name_plural = _("calls for practices")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("opens")), name="call_deadline_after_opening"
            ),
        ]

    def __str__(self):
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens <= now < self.deadline

    def admits(self, kind: str) -> bool:
        return not self.eligible_kinds or kind in self.eligible_kinds


def linked_labels(practice_ids) -> dict[int, dict[str, list[tuple[int, str]]]]:
    """`{practice id: {relation: [(id, label), …]}}` for the relations of LINKED_LABELS: one UNION ALL statement
    over the six link tables, where a prefetch per relation takes six."""
    practice_ids = list(practice_ids)
    linked = {pk: {relation: [] for relation in LINKED_LABELS} for pk in practice_ids}
    if not practice_ids:
        return linked
    placeholders = ", ".join(["%s"] * len(practice_ids))
    with connection.cursor() as cursor:
        cursor.execute(_linked_labels_sql().format(ids=placeholders), practice_ids * len(LINKED_LABELS))
        for practice_id, relation, target, label, _position in cursor.fetchall():
            linked[practice_id][relation].append((target, label))
    return linked


@functools.cache
def _linked_labels_sql() -> str:
    """Written once from the models' metadata: building the six-branch union through the ORM on every call cost
    more (5–8 ms) than running it (1 ms)."""
    branches = []
    for relation, (label, by_position) in LINKED_LABELS.items():
        field = Practice._meta.get_field(relation)
        through = field.remote_field.through._meta
        target = field.related_model._meta
        source_column = through.get_field(field.m2m_field_name()).column
        target_column = through.get_field(field.m2m_reverse_field_name()).column
        branches.append(
            "SELECT l.%s, '%s', t.%s, t.%s, %s FROM %s l JOIN %s t ON t.%s = l.%s WHERE l.%s IN ({ids})"  # noqa: S608 - model metadata only
            % (
                source_column,
                relation,
                target.pk.column,
                target.get_field(label).column,
                "t.position" if by_position else "0",
                through.db_table,
                target.db_table,
                target.pk.column,
                target_column,
                source_column,
            )
        )
    return " UNION ALL ".join(branches) + " ORDER BY 1, 2, 5, 4"


class LinkedIterable(ModelIterable):
    """Practices with `linked` filled in, one `linked_labels` statement per batch of rows (Django's hook for
    what a queryset yields, as `values()` uses)."""

    batch_size = 1000

    def __iter__(self):
        practices = super().__iter__()
        while batch := list(islice(practices, self.batch_size)):
            linked = linked_labels({practice.pk for practice in batch})
            for practice in batch:
                practice.linked = linked[practice.pk]
            yield from batch


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Practice.State.PUBLISHED)

    def with_linked(self):
        """Fills in `Practice.linked` for every row, like a prefetch_related() of the LINKED_LABELS relations but in
        one statement instead of six."""
        clone = self._chain()
        clone._iterable_class = LinkedIterable
        return clone

    def visible_to(self, user):
        """Published for everyone; any state for editors and for the practice's own organisation."""
        if user.is_authenticated and (user.is_staff or user.has_role("editor")):
            return self
        if user.is_authenticated:
            return self.filter(
                models.Q(state=Practice.State.PUBLISHED) | models.Q(organization__memberships__user=user)
            ).distinct()
        return self.published()


class Practice(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        REVISION_REQUESTED = "revision_requested", _("Revision requested")
        ACCEPTED = "accepted", _("Accepted")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ARCHIVED = "archived", _("Archived")

    class Scope(models.TextChoices):
        GLOBAL = "global", _("Global")
        REGIONAL = "regional", _("Regional")
        MULTI_COUNTRY = "multi_country", _("Multi-country")
        NATIONAL = "national", _("National")
        LOCAL = "local", _("Local")

    class ImplementationStatus(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        NEARLY_COMPLETED = "nearly_completed", _("Nearly completed")
        ONGOING = "ongoing", _("Ongoing")

    class BudgetRange(models.TextChoices):
        UNDER_10K = "under_10k", _("Under USD 10,000")
        FROM_10K = "10k_50k", _("USD 10,000–50,000")
        FROM_50K = "50k_250k", _("USD 50,000–250,000")
        OVER_250K = "over_250k", _("Over USD 250,000")
        UNKNOWN = "unknown", _("Not stated")

    call = models.ForeignKey(
        PracticeCall, verbose_name=_("call"), null=True, blank=True, on_delete=models.PROTECT, related_name="practices"
    )
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="practices"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    results = models.TextField(_("results and impact"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    sustainability = models.TextField(_("sustainability"), blank=True)
    replicability = models.TextField(_("replicability"), blank=True)
    original_language = models.CharField(_("original language"), max_length=10, choices=settings.LANGUAGES)
    partner_organizations = models.ManyToManyField(
        "accounts.Organization", verbose_name=_("partner organisations"), blank=True, related_name="+"
    )
    countries = models.ManyToManyField("taxonomy.Country", verbose_name=_("countries"), blank=True)
    scope = models.CharField(_("geographic scope"), max_length=16, choices=Scope.choices, blank=True)
    themes = models.ManyToManyField("taxonomy.Theme", verbose_name=_("themes"), blank=True)
    exploitation_forms = models.ManyToManyField(
        "taxonomy.ExploitationForm", verbose_name=_("forms of exploitation"), blank=True
    )
    target_groups = models.ManyToManyField("taxonomy.TargetGroup", verbose_name=_("target groups"), blank=True)
    sectors = models.ManyToManyField("taxonomy.Sector", verbose_name=_("sectors"), blank=True)
    start_date = models.DateField(_("implementation start"), null=True, blank=True)
    end_date = models.DateField(_("implementation end"), null=True, blank=True)
    implementation_status = models.CharField(
        _("implementation status"), max_length=20, choices=ImplementationStatus.choices, blank=True
    )
    budget_range = models.CharField(_("budget"), max_length=16, choices=BudgetRange.choices, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_public = models.BooleanField(_("publish the contact person"), default=False)
    no_victim_data = models.BooleanField(
        _("holds no information that could identify victims or survivors"), default=False
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    review_case = models.OneToOneField(
        "reviews.ReviewCase", verbose_name=_("review case"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="practice_end_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(published_at__isnull=False),
                name="practice_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "-published_at"], name="practice_state_published_idx"),
            # The published list's total order (ties broken by id): a deep page's OFFSET walks this index alone.
            models.Index(
                fields=["-published_at", "-id"], condition=models.Q(state="published"), name="practice_newest_idx"
            ),
        ]

    def __str__(self):
        return self.localized("title") or _("Untitled practice")

    def localized(self, field: str, language: str | None = None) -> str:
        """The field in `language` (default: the active one), else in the original language."""

        value = getattr(self, field_in(field, language or get_language() or settings.LANGUAGE_CODE), "")
        return value or getattr(self, field_in(field, self.original_language), "") or ""

    @property
    def languages(self) -> list[str]:
        return [code for code, _name in settings.LANGUAGES if getattr(self, field_in("title", code), "")]

    @cached_property
    def linked(self) -> dict[str, list[tuple[int, str]]]:
        """The ids and labels of its countries, taxonomy terms and partner organisations (`linked_labels`): set for
        a whole list at once by `Practice.objects.with_linked()`, else read here in one statement."""
        return linked_labels([self.pk])[self.pk]


class PracticeVersion(models.Model):
    """A snapshot of each submission, so editors and reviewers can compare versions field by field."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    data = models.JSONField(_("content"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["practice", "number"]
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        constraints = [models.UniqueConstraint(fields=["practice", "number"], name="practice_version_unique")]

    def __str__(self):
        return "v%s" % self.number

    @property
    def label(self) -> str:
        return "v%s" % self.number


class Attachment(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="practices/%Y/%m/")
    kind = models.CharField(_("type"), max_length=8)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    text = models.TextField(_("extracted text"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class SafeguardingFinding(models.Model):
    """Something that could identify a victim; it blocks publication until an editor clears it."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLEARED = "cleared", _("Cleared")

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=32)
    source = models.CharField(_("where"), max_length=300)
    excerpt = models.TextField(_("excerpt"))
    version = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cleared by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)

    class Meta:
        ordering = ["practice", "pk"]
        verbose_name = _("safeguarding finding")
        verbose_name_plural = _("safeguarding findings")

    def __str__(self):
        return "%s: %s" % (self.kind, self.source)


class PracticeTranslation(models.Model):
    """Who translated a practice into a language, and when (the text itself is in the translated fields)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("translated by"), on_delete=models.PROTECT, related_name="+"
    )
    translated_at = models.DateTimeField(_("translated at"), auto_now=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["practice", "language"], name="practice_translation_unique_language")
        ]

    def __str__(self):
        return "%s [%s]" % (self.practice, self.language)
