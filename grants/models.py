from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import OrganizationKind

MONEY = {"max_digits": 14, "decimal_places": 2}


class ProgrammeType(models.TextChoices):
    ERADICATING_SLAVERY = "eradicating_slavery", _("Eradicating modern slavery")
    BILATERAL_REGIONAL = "bilateral_regional", _("Bilateral or regional cooperation")
    CHILD_PROTECTION = "child_protection", _("Child-protection partnership")
    TRAINING = "training", _("Training and technical assistance")
    EMERGENCY = "emergency", _("Emergency assistance to victims")
    RESEARCH = "research", _("Research and innovation")


class AttachmentKind(models.TextChoices):
    WORKPLAN = "workplan", _("Work plan")
    BUDGET_DETAIL = "budget_detail", _("Detailed budget")
    REGISTRATION = "registration", _("Registration certificate")
    FINANCIAL_STATEMENT = "financial_statement", _("Latest financial statement")
    SUPPORT_LETTER = "support_letter", _("Letter of support")
    OTHER = "other", _("Other")


class GrantCallQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens__lte=now, closes__gt=now)


class GrantCall(models.Model):
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    eligibility = models.TextField(_("who can apply"), blank=True)
    programme_type = models.CharField(_("programme"), max_length=32, choices=ProgrammeType.choices)
    budget = models.DecimalField(_("total budget"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    min_award = models.DecimalField(_("smallest award"), default=Decimal("0"), **MONEY)
    max_award = models.DecimalField(_("largest award"), **MONEY)
    opens = models.DateTimeField(_("opens"))
    closes = models.DateTimeField(_("closes"))
    eligible_org_kinds = models.JSONField(
        _("eligible kinds of organisation"), default=list, blank=True, help_text=_("Empty means every kind.")
    )
    eligible_countries = models.ManyToManyField(
        "taxonomy.Country",
        verbose_name=_("eligible countries"),
        blank=True,
        related_name="+",
        help_text=_("Empty means every country."),
    )
    themes = models.ManyToManyField("taxonomy.Theme", verbose_name=_("themes"), blank=True, related_name="+")
    rubric = models.ForeignKey("reviews.Rubric", verbose_name=_("rubric"), on_delete=models.PROTECT)
    reviewers_per_proposal = models.PositiveSmallIntegerField(_("board members per proposal"), default=2)
    required_attachments = models.JSONField(_("required attachments"), default=list, blank=True)
    screening_questions = models.JSONField(
        _("questions the grant manager answers at screening"), default=list, blank=True
    )
    proposals_per_organization = models.PositiveSmallIntegerField(_("proposals allowed per organisation"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = GrantCallQuerySet.as_manager()

    class Meta:
        ordering = ["-closes"]
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="grant_call_closes_after_opening"
            ),
            models.CheckConstraint(condition=models.Q(budget__gt=0), name="grant_call_budget_positive"),
            models.CheckConstraint(
                condition=models.Q(min_award__gte=0, max_award__gt=0, min_award__lte=models.F("max_award")),
                name="grant_call_award_limits_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(max_award__lte=models.F("budget")), name="grant_call_max_award_within_budget"
            ),
            models.CheckConstraint(
                condition=models.Q(reviewers_per_proposal__gte=1, proposals_per_organization__gte=1),
                name="grant_call_counts_positive",
            ),
        ]

    def __str__(self):
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens <= now < self.closes

    def admits_kind(self, kind: str) -> bool:
        return not self.eligible_org_kinds or kind in self.eligible_org_kinds

    def get_required_attachments_display(self) -> list[str]:
        labels = dict(AttachmentKind.choices)
        return [labels.get(kind, kind) for kind in self.required_attachments]

    def get_eligible_org_kinds_display(self) -> list[str]:
        labels = dict(OrganizationKind.choices)
        return [labels.get(kind, kind) for kind in self.eligible_org_kinds]


class ProposalQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(state__in=[Proposal.State.DRAFT, Proposal.State.WITHDRAWN])

    def visible_to(self, user):
        """A proposal is confidential: its organisation's members, grant managers and staff see it."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff or user.has_role("grant_manager"):
            return self
        return self.filter(organization__memberships__user=user).distinct()


class Proposal(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        SCREENING = "screening", _("In screening")
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Not eligible")
        UNDER_EVALUATION = "under_evaluation", _("Under evaluation by the board")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        AWARDED = "awarded", _("Awarded")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    call = models.ForeignKey(GrantCall, verbose_name=_("call"), on_delete=models.PROTECT, related_name="proposals")
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="proposals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    problem = models.TextField(_("problem addressed"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    timeline = models.TextField(_("timeline"), blank=True)
    original_language = models.CharField(
        _("language of the proposal"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    exploitation_forms = models.ManyToManyField(
        "taxonomy.ExploitationForm", verbose_name=_("forms of exploitation"), blank=True, related_name="+"
    )
    target_groups = models.ManyToManyField(
        "taxonomy.TargetGroup", verbose_name=_("target groups"), blank=True, related_name="+"
    )
    countries = models.ManyToManyField("taxonomy.Country", verbose_name=_("countries"), blank=True, related_name="+")
    duration_months = models.PositiveSmallIntegerField(_("duration in months"), null=True, blank=True)
    # Always the sum of the budget lines: the services rewrite it whenever the lines change.
    requested_amount = models.DecimalField(_("requested amount"), default=Decimal("0"), **MONEY)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    review_case = models.OneToOneField(
        "reviews.ReviewCase", verbose_name=_("review case"), null=True, blank=True, on_delete=models.PROTECT
    )
    screening_reason = models.TextField(_("screening outcome, as told to the applicant"), blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("screened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("grant proposal")
        verbose_name_plural = _("grant proposals")
        constraints = [
            models.CheckConstraint(condition=models.Q(requested_amount__gte=0), name="proposal_amount_not_negative"),
            models.CheckConstraint(
                condition=models.Q(duration_months__isnull=True)
                | models.Q(duration_months__gte=1, duration_months__lte=60),
                name="proposal_duration_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(state="withdrawn") | models.Q(submitted_at__isnull=False),
                name="proposal_submitted_has_date",
            ),
        ]
        indexes = [models.Index(fields=["call", "state"], name="proposal_call_state_idx")]

    def __str__(self):
        return self.title


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        STAFF = "staff", _("Staff")
        ACTIVITIES = "activities", _("Activities")
        VICTIM_SUPPORT = "victim_support", _("Direct support to victims")
        TRAINING = "training", _("Training")
        TRAVEL = "travel", _("Travel")
        EQUIPMENT = "equipment", _("Equipment")
        COMMUNICATION = "communication", _("Communication and awareness")
        MONITORING = "monitoring", _("Monitoring and evaluation")
        ADMINISTRATION = "administration", _("Administration")
        OTHER = "other", _("Other")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount"), **MONEY)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["proposal", "position", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="budget_line_amount_positive")]

    def __str__(self):
        return "%s: %s" % (self.get_category_display(), self.amount)


class ExpectedResult(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="results")
    result = models.CharField(_("expected result"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=200)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["proposal", "position", "pk"]
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")
        constraints = [models.CheckConstraint(condition=models.Q(target__gte=0), name="expected_result_target_valid")]

    def __str__(self):
        return self.indicator


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("document"), max_length=24, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to="proposals/%Y/%m/")
    file_type = models.CharField(_("file type"), max_length=8)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("proposal attachment")
        verbose_name_plural = _("proposal attachments")

    def __str__(self):
        return self.original_name


class ScreeningItem(models.Model):
    """One line of the eligibility checklist: computed from the data, or answered by a grant manager."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="screening_items")
    key = models.CharField(_("key"), max_length=40)
    label = models.CharField(_("check"), max_length=300)
    automatic = models.BooleanField(_("computed automatically"), default=False)
    passed = models.BooleanField(_("passed"), null=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["proposal", "position"]
        verbose_name = _("screening check")
        verbose_name_plural = _("screening checks")
        constraints = [models.UniqueConstraint(fields=["proposal", "key"], name="screening_item_unique_key")]

    def __str__(self):
        return self.label


class Grant(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        REPORTING = "reporting", _("Reporting")
        CLOSED = "closed", _("Closed")

    proposal = models.OneToOneField(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="grant"
    )
    # Denormalised from the proposal so the database can hold the sum of a call's awards to its budget.
    call = models.ForeignKey(GrantCall, verbose_name=_("call"), on_delete=models.PROTECT, related_name="grants")
    organization = models.ForeignKey(
        "accounts.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="grants"
    )
    amount = models.DecimalField(_("amount awarded"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.ACTIVE)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("awarded by"), on_delete=models.PROTECT, related_name="+"
    )
    awarded_at = models.DateTimeField(_("awarded at"), default=timezone.now)

    class Meta:
        ordering = ["-awarded_at"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="grant_amount_positive"),
            models.CheckConstraint(condition=models.Q(ends__gte=models.F("starts")), name="grant_ends_after_start"),
        ]

    def __str__(self):
        return "%s (%s %s)" % (self.proposal, self.amount, self.currency)


class Tranche(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("tranche"))
    amount = models.DecimalField(_("amount"), **MONEY)
    due_date = models.DateField(_("due"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["grant", "number"]
        verbose_name = _("payment tranche")
        verbose_name_plural = _("payment tranches")
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="tranche_unique_number"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="tranche_amount_positive"),
        ]

    def __str__(self):
        return "%s #%s" % (self.grant, self.number)


class StandardIndicator(models.TextChoices):
    VICTIMS_IDENTIFIED = "victims_identified", _("Victims identified")
    VICTIMS_ASSISTED = "victims_assisted", _("Victims assisted")
    PEOPLE_TRAINED = "people_trained", _("People trained")
    PEOPLE_REACHED = "people_reached", _("People reached by awareness activities")


class Report(models.Model):
    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        FINAL = "final", _("Final report")

    class State(models.TextChoices):
        DUE = "due", _("Due")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for changes")

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("report"), max_length=16, choices=Kind.choices)
    due_date = models.DateField(_("due"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DUE)
    narrative = models.TextField(_("narrative"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    manager_note = models.TextField(_("grant manager's note"), blank=True)

    class Meta:
        ordering = ["grant", "due_date"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["grant", "kind", "due_date"], name="report_unique_per_due_date")]

    def __str__(self):
        return "%s — %s" % (self.grant, self.get_kind_display())


class IndicatorValue(models.Model):
    """A figure in a report: one of the standard indicators, or one of the proposal's own."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    standard = models.CharField(_("indicator"), max_length=32, choices=StandardIndicator.choices, blank=True)
    expected_result = models.ForeignKey(
        ExpectedResult, verbose_name=_("indicator"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=0), name="indicator_value_not_negative"),
            models.CheckConstraint(
                condition=(models.Q(standard="") & models.Q(expected_result__isnull=False))
                | (~models.Q(standard="") & models.Q(expected_result__isnull=True)),
                name="indicator_value_one_indicator",
            ),
            models.UniqueConstraint(
                fields=["report", "standard"], condition=~models.Q(standard=""), name="indicator_value_unique_standard"
            ),
            models.UniqueConstraint(
                fields=["report", "expected_result"],
                condition=models.Q(expected_result__isnull=False),
                name="indicator_value_unique_result",
            ),
        ]

    def __str__(self):
        return "%s: %s" % (self.get_standard_display() or self.expected_result, self.value)
