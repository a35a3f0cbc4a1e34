from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewerProfile(models.Model):
    """Membership of the Peer Review Roster, with what matching needs to know about the expert."""

    class State(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        SUSPENDED = "suspended", _("Suspended")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="reviewer_profile"
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.APPLIED)
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL
    )
    bio = models.TextField(_("short biography"), blank=True)
    themes = models.ManyToManyField("taxonomy.Theme", verbose_name=_("themes"), blank=True)
    exploitation_forms = models.ManyToManyField(
        "taxonomy.ExploitationForm", verbose_name=_("forms of exploitation"), blank=True
    )
    regions = models.ManyToManyField("taxonomy.Region", verbose_name=_("regions known"), blank=True)
    languages = models.JSONField(_("languages read"), default=list, blank=True)
    max_load = models.PositiveSmallIntegerField(_("maximum concurrent reviews"), default=4)
    public_directory = models.BooleanField(_("listed in the public expert directory"), default=False)
    cv = models.FileField(_("CV"), upload_to="reviewers/cv/", blank=True)
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")
        constraints = [
            models.CheckConstraint(condition=models.Q(max_load__gte=1), name="reviewer_max_load_positive"),
        ]

    def __str__(self):
        return str(self.user)


class Relationship(models.Model):
    """An organisation the reviewer works with; reviewing its submissions is a conflict of interest."""

    class Kind(models.TextChoices):
        EMPLOYER = "employer", _("Employer")
        PARTNER = "partner", _("Partner")
        FUNDER = "funder", _("Funder")
        BOARD = "board", _("Board or advisory role")

    profile = models.ForeignKey(ReviewerProfile, on_delete=models.CASCADE, related_name="relationships")
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)

    class Meta:
        verbose_name = _("known relationship")
        verbose_name_plural = _("known relationships")
        constraints = [
            models.UniqueConstraint(fields=["profile", "organization", "kind"], name="relationship_unique_per_kind"),
        ]

    def __str__(self):
        return "%s — %s (%s)" % (self.profile, self.organization, self.get_kind_display())


class Rubric(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Good practice")
        GRANT = "grant", _("Grant proposal")
        RESOURCE = "resource", _("Resource")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("used for"), max_length=16, choices=Kind.choices)
    is_default = models.BooleanField(_("default for its kind"), default=False)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(is_default=True), name="rubric_one_default_per_kind"
            ),
            models.CheckConstraint(condition=models.Q(scale_max__gt=models.F("scale_min")), name="rubric_scale_valid"),
        ]

    def __str__(self):
        return self.name


class RubricLevel(models.Model):
    """What a score means, e.g. 1 = "weak", 5 = "excellent"."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(_("score"))
    description = models.CharField(_("description"), max_length=300)

    class Meta:
        ordering = ["rubric", "value"]
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        constraints = [models.UniqueConstraint(fields=["rubric", "value"], name="rubric_level_unique")]

    def __str__(self):
        return "%s — %s" % (self.value, self.description)


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    slug = models.SlugField(_("slug"))
    label = models.CharField(_("label"), max_length=200)
    help_text = models.TextField(_("guidance for reviewers"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    allow_na = models.BooleanField(_("N/A allowed"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["rubric", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "slug"], name="criterion_unique_slug_per_rubric"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self):
        return self.label


class BlindMode(models.TextChoices):
    OPEN = "open", _("Open: everyone sees names")
    SINGLE = "single", _("Single-blind: reviewers are anonymous to the submitter")
    DOUBLE = "double", _("Double-blind: reviewers do not see who submitted")


class ReviewCase(models.Model):
    """Everything about reviewing one submission; the owner app (practice, proposal) holds it 1:1."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        DECIDED = "decided", _("Decided")

    owner = models.CharField(_("owner"), max_length=64, help_text=_("The app whose decision callback runs."))
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(_("language of the submission"), max_length=10, choices=settings.LANGUAGES)
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("submitting organisation"), null=True, on_delete=models.PROTECT
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitter"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    countries = models.ManyToManyField("taxonomy.Country", verbose_name=_("countries"), blank=True)
    themes = models.ManyToManyField("taxonomy.Theme", verbose_name=_("themes"), blank=True)
    exploitation_forms = models.ManyToManyField(
        "taxonomy.ExploitationForm", verbose_name=_("forms of exploitation"), blank=True
    )
    rubric = models.ForeignKey(Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT)
    blind_mode = models.CharField(_("blind review"), max_length=8, choices=BlindMode.choices, default=BlindMode.SINGLE)
    reviewers_see_each_other = models.BooleanField(_("reviewers see each other's names"), default=False)
    reviewers_see_reviews = models.BooleanField(_("reviewers see the other reviews once theirs is in"), default=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    version_label = models.CharField(_("version under review"), max_length=32, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("review case")
        verbose_name_plural = _("review cases")

    def __str__(self):
        return self.title


class ConflictOfInterest(models.Model):
    """A conflict the reviewer declared; automatic ones are computed at assignment time."""

    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", _("Works or worked for it")
        PARTNERSHIP = "partnership", _("Partner in a project")
        FUNDING = "funding", _("Funds it or is funded by it")
        PERSONAL = "personal", _("Personal or family relationship")
        FINANCIAL = "financial", _("Financial interest")
        OTHER = "other", _("Other")

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.CASCADE, related_name="conflicts"
    )
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.CASCADE
    )
    case = models.ForeignKey(
        ReviewCase, verbose_name=_("case"), null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False) | models.Q(case__isnull=False),
                name="conflict_names_organization_or_case",
            ),
        ]

    def __str__(self):
        return "%s ≠ %s" % (self.reviewer, self.organization or self.case)


class AssignmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=[Assignment.State.INVITED, Assignment.State.ACCEPTED])


class Assignment(models.Model):
    class State(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        SUBMITTED = "submitted", _("Review submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(ReviewCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="assignments"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    due = models.DateField(_("due"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.INVITED)
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["case", "reviewer", "round"], name="assignment_unique_per_round"),
        ]

    def __str__(self):
        return "%s → %s" % (self.reviewer, self.case)


class Review(models.Model):
    class Recommendation(models.TextChoices):
        ACCEPT = "accept", _("Accept")
        MINOR_REVISION = "minor_revision", _("Minor revision")
        MAJOR_REVISION = "major_revision", _("Major revision")
        REJECT = "reject", _("Reject")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    recommendation = models.CharField(_("recommendation"), max_length=16, choices=Recommendation.choices, blank=True)
    comments_to_author = models.TextField(_("comments to the author"), blank=True)
    confidential_comments = models.TextField(_("confidential comments to the editor"), blank=True)
    # Weighted mean of the criteria scored (N/A left out), kept so lists and calibration need no recomputation.
    score = models.DecimalField(_("weighted score"), max_digits=5, decimal_places=3, null=True, blank=True)
    version_label = models.CharField(_("version reviewed"), max_length=32, blank=True)
    is_late = models.BooleanField(_("submitted after the due date"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="submitted") | models.Q(submitted_at__isnull=False, recommendation__gt=""),
                name="review_submitted_is_complete",
            ),
        ]

    def __str__(self):
        return "%s (%s)" % (self.assignment, self.get_state_display())


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    # Empty means N/A: missing, never zero.
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="review_score_unique")]

    def __str__(self):
        return "%s: %s" % (self.criterion_id, "N/A" if self.value is None else self.value)


class Decision(models.Model):
    class Outcome(models.TextChoices):
        ACCEPT = "accept", _("Accept")
        REVISE = "revise", _("Request a revision")
        REJECT = "reject", _("Reject")

    case = models.ForeignKey(ReviewCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="decisions")
    round = models.PositiveSmallIntegerField(_("round"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    letter = models.TextField(_("letter to the submitter"))
    forced_note = models.TextField(_("why decided without a submitted review"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [models.UniqueConstraint(fields=["case", "round"], name="decision_one_per_round")]

    def __str__(self):
        return "%s: %s" % (self.case, self.get_outcome_display())


class CaseComment(models.Model):
    """The reviewers' discussion of a case: only its reviewers (once their review is in) and editors see it."""

    case = models.ForeignKey(ReviewCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("discussion message")
        verbose_name_plural = _("discussion messages")

    def __str__(self):
        return "%s: %s" % (self.author, self.body[:40])
