def can_verify_organization(user) -> bool:
    return user.is_active and user.is_staff


def can_manage_organization(user, organization) -> bool:
    return user.is_active and (user.is_staff or organization.memberships.filter(user=user, role="admin").exists())
