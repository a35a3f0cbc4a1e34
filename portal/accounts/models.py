from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Portal roles, each a Django group of the same name."""

    SUBMITTER = "submitter", _("Submitter")
    REVIEWER = "reviewer", _("Reviewer")
    EDITOR = "editor", _("Editor")
    GRANT_MANAGER = "grant_manager", _("Grant manager")
    BOARD_MEMBER = "board_member", _("Board member")
    CAMPAIGN_MANAGER = "campaign_manager", _("Campaign manager")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def with_role(self, role: str):
        """Active holders of a portal role, e.g. the editors or grant managers to notify."""
        return self.filter(groups__name=role, is_active=True)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    country = models.ForeignKey(
        "taxonomy.Country", verbose_name=_("country"), null=True, blank=True, on_delete=models.PROTECT
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive accounts cannot log in (for example, e-mail not confirmed).")
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_case_insensitive",
                violation_error_message=_("An account with this e-mail address already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(preferred_language__in=[code for code, _name in settings.LANGUAGES]),
                name="user_preferred_language_known",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def roles(self) -> list[str]:
        names = {group.name for group in self.groups.all()}
        roles = [role.value for role in Role if role.value in names]
        if self.is_staff:
            roles.append("admin")
        return roles

    @property
    def role_labels(self) -> list[str]:
        labels = {role.value: role.label for role in Role} | {"admin": _("Administrator")}
        return [labels[role] for role in self.roles]

    def has_role(self, role: str) -> bool:
        return self.is_active and self.groups.filter(name=role).exists()


class OrganizationKind(models.TextChoices):
    NGO = "ngo", _("Non-governmental organisation")
    GOVERNMENT = "government", _("Government")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    UN_ENTITY = "un_entity", _("UN entity")
    ACADEMIC = "academic", _("Academic institution")
    PRIVATE_SECTOR = "private_sector", _("Private sector")


class OrganizationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verified_at__isnull=False)


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    country = models.ForeignKey("taxonomy.Country", verbose_name=_("country"), on_delete=models.PROTECT)
    website = models.URLField(_("website"), blank=True)
    registration_number = models.CharField(
        _("registration number"),
        max_length=64,
        blank=True,
        help_text=_("As on the registration certificate issued by the authority of your country."),
    )
    # Set by staff only; verification is what lets an organisation apply for grants.
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organizations", verbose_name=_("members")
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "country",
                name="organization_name_unique_per_country",
                violation_error_message=_("An organisation with this name is already registered in this country."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class Membership(models.Model):
    class OrgRole(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role in the organisation"), max_length=16, choices=OrgRole.choices, default=OrgRole.MEMBER
    )
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                name="membership_unique_user_organization",
                violation_error_message=_("This person is already a member of this organisation."),
            ),
        ]

    def __str__(self):
        return "%s — %s" % (self.user, self.organization)


class OrganizationDocument(models.Model):
    """What staff look at to verify an organisation: its registration certificate, statutes, reports."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Registration certificate")
        STATUTES = "statutes", _("Statutes or articles of association")
        ANNUAL_REPORT = "annual_report", _("Annual report")
        FINANCIAL_STATEMENT = "financial_statement", _("Financial statement")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=24, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="organizations/%Y/%m/")
    file_type = models.CharField(_("file type"), max_length=8)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["organization", "uploaded_at"]
        verbose_name = _("organisation document")
        verbose_name_plural = _("organisation documents")

    def __str__(self):
        return self.original_name
