def can_verify_organization(user) -> bool:
    return user.is_active and user.is_staff


def can_manage_organization(user, organization) -> bool:
    return user.is_active and (user.is_staff or organization.memberships.filter(user=user, role="admin").exists())


def is_member(user, organization) -> bool:
    """A signed-in, active member of the organisation: who may act on its behalf."""
    return bool(user.is_authenticated and user.is_active and organization.memberships.filter(user=user).exists())


def can_see_organization_documents(user, organization) -> bool:
    return user.is_authenticated and user.is_active and (user.is_staff or is_member(user, organization))
