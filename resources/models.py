from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from practices.models import Practice, field_in

TRANSLATED_FIELDS = ("title", "summary")
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Resource.State.PUBLISHED)

    def visible_to(self, user):
        """Published for everyone; any state for editors, and for whoever submitted it or its organisation."""
        if user.is_authenticated and (user.is_staff or user.has_role("editor")):
            return self
        if user.is_authenticated:
            return self.filter(
                models.Q(state=Resource.State.PUBLISHED)
                | models.Q(submitted_by=user)
                | models.Q(organization__memberships__user=user)
            ).distinct()
        return self.published()


class Resource(models.Model):
    """A guidance document, manual, model law, report, video or tool in the resource library."""

    class Kind(models.TextChoices):
        GUIDANCE = "guidance", _("Guidance")
        MANUAL = "manual", _("Manual or handbook")
        TRAINING = "training", _("Training material")
        MODEL_LAW = "model_law", _("Model law or legal text")
        RESEARCH = "research", _("Research or data report")
        POLICY_BRIEF = "policy_brief", _("Policy brief")
        INFOGRAPHIC = "infographic", _("Infographic")
        VIDEO = "video", _("Video")
        TOOL = "tool", _("Tool")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        REVISION_REQUESTED = "revision_requested", _("Revision requested")
        ACCEPTED = "accepted", _("Accepted")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        ARCHIVED = "archived", _("Archived")

    class Audience(models.TextChoices):
        CRIMINAL_JUSTICE = "criminal_justice", _("Criminal-justice practitioners")
        HEALTH = "health", _("Health providers")
        SOCIAL_SERVICES = "social_services", _("Social and victim-service workers")
        EMPLOYERS = "employers", _("Employers and businesses")
        PARLIAMENTARIANS = "parliamentarians", _("Parliamentarians and policy makers")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        RESEARCHERS = "researchers", _("Researchers")
        GENERAL_PUBLIC = "general_public", _("General public")

    class Licence(models.TextChoices):
        CC_BY = "cc_by", _("Creative Commons Attribution (CC BY 4.0)")
        CC_BY_SA = "cc_by_sa", _("Creative Commons Attribution-ShareAlike (CC BY-SA 4.0)")
        CC_BY_NC = "cc_by_nc", _("Creative Commons Attribution-NonCommercial (CC BY-NC 4.0)")
        PUBLIC_DOMAIN = "public_domain", _("Public domain")
        ALL_RIGHTS_RESERVED = "all_rights_reserved", _("All rights reserved")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    original_language = models.CharField(_("original language"), max_length=10, choices=settings.LANGUAGES)
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    publication_year = models.PositiveSmallIntegerField(_("publication year"), null=True, blank=True)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    # An editor's own curated item skips the review.
    curated = models.BooleanField(_("curated by the editors"), default=False)
    countries = models.ManyToManyField("taxonomy.Country", verbose_name=_("countries"), blank=True)
    regions = models.ManyToManyField("taxonomy.Region", verbose_name=_("regions"), blank=True)
    scope = models.CharField(_("geographic scope"), max_length=16, choices=Practice.Scope.choices, blank=True)
    themes = models.ManyToManyField("taxonomy.Theme", verbose_name=_("themes"), blank=True)
    exploitation_forms = models.ManyToManyField(
        "taxonomy.ExploitationForm", verbose_name=_("forms of exploitation"), blank=True
    )
    target_groups = models.ManyToManyField("taxonomy.TargetGroup", verbose_name=_("target groups"), blank=True)
    sectors = models.ManyToManyField("taxonomy.Sector", verbose_name=_("sectors"), blank=True)
    audiences = models.JSONField(_("audience"), default=list, blank=True)
    licence = models.CharField(_("licence"), max_length=24, choices=Licence.choices, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    review_case = models.OneToOneField(
        "reviews.ReviewCase", verbose_name=_("review case"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(published_at__isnull=False),
                name="resource_published_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(publication_year__isnull=True)
                | models.Q(publication_year__gte=1900, publication_year__lte=2100),
                name="resource_publication_year_plausible",
            ),
        ]
        indexes = [models.Index(fields=["state", "-published_at"], name="resource_state_published_idx")]

    def __str__(self):
        return self.localized("title") or str(_("Untitled resource"))

    def localized(self, field: str, language: str | None = None) -> str:
        """The field in `language` (default: the active one), else in the original language."""
        value = getattr(self, field_in(field, language or get_language() or settings.LANGUAGE_CODE), "")
        return value or getattr(self, field_in(field, self.original_language), "") or ""

    @property
    def languages(self) -> list[str]:
        """Languages the description exists in."""
        return [code for code, _name in settings.LANGUAGES if getattr(self, field_in("title", code), "")]

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(self.Audience.choices)
        return [labels.get(code, code) for code in self.audiences]


class ResourceFile(models.Model):
    """The resource itself in one language: an uploaded file or a link, never both."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to="resources/%Y/%m/", blank=True)
    file_kind = models.CharField(_("file type"), max_length=8, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["resource", "language", "pk"]
        verbose_name = _("resource file or link")
        verbose_name_plural = _("resource files and links")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url="")) | (~models.Q(file="") & models.Q(url="")),
                name="resource_file_xor_link",
                violation_error_message=_("Give either a file or a link, not both."),
            ),
            models.CheckConstraint(condition=models.Q(language__in=LANGUAGE_CODES), name="resource_file_language"),
        ]

    def __str__(self):
        return "%s [%s]" % (self.original_name or self.url, self.language)

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url
