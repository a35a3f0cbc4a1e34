def is_campaign_manager(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_staff or user.has_role("campaign_manager"))
    )


def member_organizations(user):
    from portal.accounts.models import Organization

    if user is None or not user.is_authenticated or not user.is_active:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).order_by("name")


def can_view_campaign(user, campaign) -> bool:
    return campaign.published or is_campaign_manager(user)


def can_manage_campaign(user, campaign=None) -> bool:
    """Campaign managers run every campaign (create, edit, publish, materials, events, reach, partners)."""
    return is_campaign_manager(user)


def can_join_campaign(user, campaign) -> bool:
    return campaign.published and member_organizations(user).exists()
