from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from portal.accounts.models import Membership, Organization, OrganizationDocument, Role, User
from portal.accounts.permissions import can_verify_organization, is_member
from portal.accounts.tokens import email_confirmation_token
from portal.audit.services import audit_record
from portal.files import checked_upload, save_with_file
from portal.notifications.services import link_for, notify
from portal.taxonomy.models import Country

ADMIN_ROLE = "admin"
ALL_ROLES = [role.value for role in Role] + [ADMIN_ROLE]

# Apps above portal.* add what a role means to them (e.g. reviews: an approved roster profile).
_role_provisioners: dict[str, Callable] = {}


def register_role_provisioner(role: str, provision: Callable) -> None:
    _role_provisioners[role] = provision


def _send_confirmation(user: User) -> None:
    url = link_for(
        user,
        "accounts:confirm_email",
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=email_confirmation_token.make_token(user),
    )
    notify(recipient=user, kind="email_confirmation", context={"url": url}, show_in_inbox=False)


@transaction.atomic
def user_sign_up(
    *, email: str, password: str, full_name: str = "", preferred_language: str, country: Country | None = None
) -> User:
    """Create an inactive account and e-mail a confirmation link; the account works once confirmed."""
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    user = User.objects.create_user(
        email=email,
        password=password,
        full_name=full_name,
        preferred_language=preferred_language,
        country=country,
        is_active=False,
    )
    user.groups.add(Group.objects.get(name=Role.SUBMITTER))
    audit_record(actor=user, verb="user.sign_up", target=user, to_state="unconfirmed")
    _send_confirmation(user)
    return user


@transaction.atomic
def user_resend_confirmation(*, email: str) -> None:
    """Silently does nothing for unknown or already confirmed addresses (no account enumeration)."""
    user = User.objects.filter(email__iexact=email, email_confirmed_at__isnull=True).first()
    if user is not None:
        _send_confirmation(user)


@transaction.atomic
def user_confirm_email(*, user: User) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email_confirmed_at is not None:
        return user
    user.is_active = True
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["is_active", "email_confirmed_at"])
    audit_record(actor=user, verb="user.confirm_email", target=user, from_state="unconfirmed", to_state="active")
    notify(recipient=user, kind="welcome", context={"url": link_for(user, "site:home")})
    return user


def user_update_profile(*, user: User, full_name: str, preferred_language: str, country: Country | None) -> User:
    user.full_name = full_name
    user.preferred_language = preferred_language
    user.country = country
    user.save(update_fields=["full_name", "preferred_language", "country"])
    return user


def user_set_preferred_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Unknown language.")})
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


@transaction.atomic
def organization_register(
    *, actor: User, name: str, kind: str, country: Country, website: str = "", registration_number: str = ""
) -> Organization:
    """An organisation registered by one of its staff, who becomes its administrator; staff verify it later."""
    if Organization.objects.filter(name__iexact=name, country=country).exists():
        raise ValidationError({"name": _("An organisation with this name is already registered in this country.")})
    organization = Organization.objects.create(
        name=name, kind=kind, country=country, website=website, registration_number=registration_number.strip()
    )
    Membership.objects.create(user=actor, organization=organization, role=Membership.OrgRole.ADMIN)
    audit_record(actor=actor, verb="organization.register", target=organization, to_state="unverified")
    return organization


@transaction.atomic
def organization_document_add(*, organization: Organization, actor: User, kind: str, upload) -> OrganizationDocument:
    """A document for staff to verify the organisation; type checked by content, size limited."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if not is_member(actor, organization):
        raise PermissionDenied(_("Only members of the organisation can add its documents."))
    if kind not in OrganizationDocument.Kind.values:
        raise ValidationError({"kind": [_("Choose what kind of document this is.")]})
    file_type = checked_upload(upload, max_bytes=settings.PRACTICE_ATTACHMENT_MAX_BYTES)
    document = OrganizationDocument(
        organization=organization,
        kind=kind,
        file_type=file_type,
        original_name=upload.name[:255],
        size=upload.size,
        uploaded_by=actor,
    )
    save_with_file(document, upload)
    audit_record(actor=actor, verb="organization.document_add", target=organization, note=document.get_kind_display())
    return document


@transaction.atomic
def organization_verify(*, actor: User, organization: Organization) -> Organization:
    if not can_verify_organization(actor):
        raise PermissionDenied(_("Only staff can verify organisations."))
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.is_verified:
        return organization
    organization.verified_at = timezone.now()
    organization.save(update_fields=["verified_at"])
    audit_record(
        actor=actor, verb="organization.verify", target=organization, from_state="unverified", to_state="verified"
    )
    for membership in organization.memberships.select_related("user").filter(role=Membership.OrgRole.ADMIN):
        notify(
            recipient=membership.user,
            kind="organization_verified",
            context={
                "organization": organization.name,
                "url": link_for(membership.user, "accounts:organization"),
            },
        )
    return organization


@transaction.atomic
def user_provision(
    *,
    email: str,
    password: str,
    role: str,
    organization_name: str | None = None,
    country_code: str | None = None,
    full_name: str = "",
) -> tuple[User, bool]:
    """Create or update a confirmed account with a role (the `adduser` command); idempotent."""
    if role not in ALL_ROLES:
        raise ValidationError(
            _("Unknown role “%(role)s”. Choose one of: %(roles)s.") % {"role": role, "roles": ", ".join(ALL_ROLES)}
        )
    country = None
    if country_code:
        country = Country.objects.filter(code=country_code.upper()).first()
        if country is None:
            raise ValidationError(
                _("Unknown country code “%(code)s” (use ISO 3166-1 alpha-2, e.g. NA).") % {"code": country_code}
            )
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=User.objects.normalize_email(email).lower())
    user.set_password(password)
    user.is_active = True
    user.email_confirmed_at = user.email_confirmed_at or timezone.now()
    if full_name:
        user.full_name = full_name
    if country is not None:
        user.country = country
    if role == ADMIN_ROLE:
        user.is_staff = True
        user.is_superuser = True
    user.save()
    if role != ADMIN_ROLE:
        user.groups.add(Group.objects.get(name=role))
    if role in _role_provisioners:
        _role_provisioners[role](user)
    if organization_name:
        organization = Organization.objects.filter(name__iexact=organization_name).first()
        if organization is None:
            if country is None:
                raise ValidationError(_("A new organisation needs a country: add --country."))
            organization = Organization.objects.create(
                name=organization_name, kind="ngo", country=country, verified_at=timezone.now()
            )
        Membership.objects.get_or_create(
            user=user, organization=organization, defaults={"role": Membership.OrgRole.ADMIN}
        )
    audit_record(actor=None, verb="user.provision", target=user, note="role=%s" % role)
    return user, created
