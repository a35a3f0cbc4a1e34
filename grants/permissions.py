from portal.accounts.permissions import is_member


def is_grant_manager(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_staff or user.has_role("grant_manager"))


def can_view_proposal(user, proposal) -> bool:
    return is_grant_manager(user) or is_member(user, proposal.organization)


def can_edit_proposal(user, proposal) -> bool:
    return proposal.state == "draft" and is_member(user, proposal.organization)


def can_view_grant(user, grant) -> bool:
    return is_grant_manager(user) or is_member(user, grant.organization)


def can_report(user, grant) -> bool:
    return grant.state != "closed" and is_member(user, grant.organization)
