def can_verify_organization(user) -> bool:
    return user.is_active and user.is_staff


def can_manage_organization(user, organization) -> bool:
    return user.is_active and (user.is_staff or organization.memberships.filter(user=user, role="admin").exists())


def is_organization_member(user, organization) -> bool:
    return user.is_authenticated and organization.memberships.filter(user=user).exists()


def can_see_organization_documents(user, organization) -> bool:
    return user.is_authenticated and user.is_active and (user.is_staff or is_organization_member(user, organization))
