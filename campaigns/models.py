"""Awareness campaigns: materials per language, events, partners, reach figures and awareness days."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

TRANSLATED_FIELDS = ("name", "summary", "description", "objectives", "key_messages")

# Materials exist in more languages than the portal's interface: the youth campaign of the seeds had
# its lessons in the six UN languages plus Dutch and Hindi. Anything else is refused with this list.
MATERIAL_LANGUAGES = [
    *settings.LANGUAGES,
    ("nl", _("Dutch")),
    ("de", _("German")),
    ("it", _("Italian")),
]
MATERIAL_LANGUAGE_CODES = [code for code, _name in MATERIAL_LANGUAGES]


def field_in(field: str, language: str) -> str:
    return "%s_%s" % (field, language.replace("-", "_"))


class Audience(models.TextChoices):
    YOUNG_PEOPLE = "young_people", _("Young people")
    EDUCATORS = "educators", _("Teachers and educators")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    TRAVELLERS = "travellers", _("Travellers")
    GENERAL_PUBLIC = "general_public", _("General public")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement")
    MIGRANTS = "migrants", _("Migrants")
    MEDIA = "media", _("Media")
    SPORTS_FANS = "sports_fans", _("Sports fans")


AUDIENCE_VALUES = [value for value, _label in Audience.choices]


class AwarenessDay(models.Model):
    """An international day a campaign can be tied to; the same date every year."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    day = models.PositiveSmallIntegerField(_("day"), validators=[MinValueValidator(1), MaxValueValidator(31)])
    month = models.PositiveSmallIntegerField(_("month"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["month", "day"]
        verbose_name = _("awareness day")
        verbose_name_plural = _("awareness days")
        constraints = [
            models.CheckConstraint(condition=models.Q(month__gte=1, month__lte=12), name="awareness_day_month"),
            models.CheckConstraint(condition=models.Q(day__gte=1, day__lte=31), name="awareness_day_day"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.month and self.day:
            try:
                date(2024, self.month, self.day)  # a leap year: 29 February is a real day
            except ValueError:
                raise ValidationError({"day": _("This month has no such day.")}) from None

    def next_date(self, today: date) -> date:
        """The next time the day comes round, today included; 29 February waits for a leap year."""
        for year in range(today.year, today.year + 9):
            try:
                candidate = date(year, self.month, self.day)
            except ValueError:
                continue
            if candidate >= today:
                return candidate
        return date.max


class CampaignQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def visible_to(self, user):
        """Published campaigns for everyone; unpublished ones too for campaign managers."""
        from campaigns.permissions import is_campaign_manager

        return self if is_campaign_manager(user) else self.published()

    def planned(self, today: date | None = None):
        return self.filter(starts__gt=today or timezone.localdate())

    def active(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.filter(starts__lte=today, ends__gte=today)

    def ended(self, today: date | None = None):
        return self.filter(ends__lt=today or timezone.localdate())

    def in_state(self, state: str, today: date | None = None):
        return {"planned": self.planned, "active": self.active, "ended": self.ended}[state](today)

    def for_audience(self, audience: str):
        if connection.vendor == "postgresql":
            return self.filter(audiences__contains=[audience])
        # SQLite (the embedded default) has no JSON containment; the quoted value is as exact.
        return self.filter(audiences__icontains='"%s"' % audience)


class Campaign(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    key_messages = models.TextField(_("key messages"), blank=True)
    original_language = models.CharField(_("original language"), max_length=10, choices=settings.LANGUAGES)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    lead_organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("lead organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_campaigns",
    )
    partners = models.ManyToManyField(
        "accounts.Organization",
        through="CampaignPartner",
        verbose_name=_("partners"),
        blank=True,
        related_name="campaigns",
    )
    countries = models.ManyToManyField("taxonomy.Country", verbose_name=_("countries"), blank=True)
    regions = models.ManyToManyField("taxonomy.Region", verbose_name=_("regions"), blank=True)
    themes = models.ManyToManyField("taxonomy.Theme", verbose_name=_("themes"), blank=True)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    hashtag = models.CharField(
        _("hashtag"),
        max_length=100,
        blank=True,
        validators=[RegexValidator(r"^#\w+$", _("A hashtag is one word of letters, digits or underscores after “#”."))],
    )
    awareness_days = models.ManyToManyField(
        AwarenessDay, verbose_name=_("awareness days"), blank=True, related_name="campaigns"
    )
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-starts", "-pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends__gte=models.F("starts")), name="campaign_ends_after_start"),
            models.CheckConstraint(
                condition=models.Q(published=False) | models.Q(published_at__isnull=False),
                name="campaign_published_has_date",
            ),
        ]

    def __str__(self):
        return self.localized("name") or str(_("Untitled campaign"))

    def get_absolute_url(self):
        return reverse("campaigns:detail", args=[self.pk])

    def localized(self, field: str, language: str | None = None) -> str:
        """The field in `language` (default: the active one), else in the original language."""
        value = getattr(self, field_in(field, language or get_language() or settings.LANGUAGE_CODE), "")
        return value or getattr(self, field_in(field, self.original_language), "") or ""

    @property
    def languages(self) -> list[str]:
        return [code for code, _name in settings.LANGUAGES if getattr(self, field_in("name", code), "")]

    def state_on(self, today: date) -> str:
        if today < self.starts:
            return self.State.PLANNED
        if today > self.ends:
            return self.State.ENDED
        return self.State.ACTIVE

    @property
    def state(self) -> str:
        return self.state_on(timezone.localdate())

    def get_state_display(self) -> str:
        return self.State(self.state).label

    def get_audiences_display(self) -> list[str]:
        labels = dict(Audience.choices)
        return [labels.get(value, value) for value in self.audiences]


class CampaignPartner(models.Model):
    """An organisation taking part in a campaign: asked to join, then approved or declined by a manager."""

    class Role(models.TextChoices):
        CO_ORGANISER = "co_organiser", _("Co-organiser")
        IMPLEMENTING = "implementing", _("Implementing partner")
        SPONSOR = "sponsor", _("Sponsor")
        MEDIA = "media", _("Media partner")
        ENDORSER = "endorser", _("Endorser")

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="partnerships")
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.ENDORSER)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "requested_at", "pk"]
        verbose_name = _("campaign partner")
        verbose_name_plural = _("campaign partners")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"],
                name="campaign_partner_unique",
                violation_error_message=_("This organisation has already asked to join this campaign."),
            ),
        ]

    def __str__(self):
        return "%s — %s (%s)" % (self.campaign, self.organization, self.state)


class Material(models.Model):
    class Kind(models.TextChoices):
        POSTER = "poster", _("Poster")
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Audio message")
        PSA = "psa", _("Public-service announcement")
        LESSON_PLAN = "lesson_plan", _("Lesson plan")
        TOOLKIT = "toolkit", _("Toolkit")
        SOCIAL_CARD = "social_card", _("Social-media card")

    class Licence(models.TextChoices):
        CC_BY = "cc_by", _("Creative Commons Attribution (CC BY 4.0)")
        CC_BY_SA = "cc_by_sa", _("Creative Commons Attribution-ShareAlike (CC BY-SA 4.0)")
        CC_BY_NC = "cc_by_nc", _("Creative Commons Attribution-NonCommercial (CC BY-NC 4.0)")
        CC_BY_NC_ND = "cc_by_nc_nd", _("Creative Commons Attribution-NonCommercial-NoDerivatives (CC BY-NC-ND 4.0)")
        PUBLIC_DOMAIN = "public_domain", _("Public domain")
        ON_REQUEST = "on_request", _("Use on request to the campaign")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    licence = models.CharField(_("licence"), max_length=16, choices=Licence.choices, default=Licence.CC_BY_NC)
    usage_rules = models.TextField(_("usage rules"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["campaign", "kind", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.title


class MaterialVersion(models.Model):
    """One language of a material: an uploaded file or a link, never both."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=10, choices=MATERIAL_LANGUAGES)
    title = models.CharField(_("title in this language"), max_length=300)
    file = models.FileField(_("file"), upload_to="campaigns/%Y/%m/", blank=True)
    file_kind = models.CharField(_("file type"), max_length=8, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["material", "language"]
        verbose_name = _("material language version")
        verbose_name_plural = _("material language versions")
        constraints = [
            models.UniqueConstraint(
                fields=["material", "language"],
                name="material_version_unique_language",
                violation_error_message=_("This material already exists in this language."),
            ),
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url="")) | (~models.Q(file="") & models.Q(url="")),
                name="material_version_file_xor_link",
                violation_error_message=_("Give either a file or a link, not both."),
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=MATERIAL_LANGUAGE_CODES), name="material_version_language_supported"
            ),
        ]

    def __str__(self):
        return "%s [%s]" % (self.title, self.language)

    @property
    def is_link(self) -> bool:
        return not self.file


class Event(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        DEBATE = "debate", _("Debate")
        EXHIBITION = "exhibition", _("Exhibition")
        SPORTS_TOURNAMENT = "sports_tournament", _("Sports tournament")
        COMMUNITY_CONVERSATION = "community_conversation", _("Community conversation")
        BROADCAST = "broadcast", _("Broadcast")
        TRAINING = "training", _("Training")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    country = models.ForeignKey(
        "taxonomy.Country", verbose_name=_("country"), null=True, blank=True, on_delete=models.PROTECT
    )
    organiser = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["starts", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends__gte=models.F("starts")), name="event_ends_after_start"),
        ]

    def __str__(self):
        return self.title


class ReachFigure(models.Model):
    class Metric(models.TextChoices):
        PARTICIPANTS = "participants", _("Participants")
        BROADCASTS = "broadcasts", _("Broadcasts")
        AUDIENCE = "audience", _("Audience reached")
        DOWNLOADS = "downloads", _("Downloads")
        ORGANISATIONS_JOINED = "organisations_joined", _("Organisations joined")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reach_figures")
    metric = models.CharField(_("metric"), max_length=24, choices=Metric.choices)
    value = models.BigIntegerField(_("value"))
    country = models.ForeignKey(
        "taxonomy.Country", verbose_name=_("country"), null=True, blank=True, on_delete=models.PROTECT
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["campaign", "period_start", "pk"]
        verbose_name = _("reach figure")
        verbose_name_plural = _("reach figures")
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=0), name="reach_value_not_negative"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="reach_period_end_after_start"
            ),
        ]

    def __str__(self):
        return "%s: %s" % (self.get_metric_display(), self.value)
