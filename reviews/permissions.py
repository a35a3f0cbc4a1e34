from reviews.registry import get_owner


def can_manage_case(user, case) -> bool:
    return user.is_active and (user.is_staff or user.has_role(get_owner(case.owner).manager_role))


def can_review(user, assignment) -> bool:
    return user.is_active and assignment.reviewer_id == user.pk


def can_manage_roster(user) -> bool:
    return user.is_active and (user.is_staff or user.has_role("editor") or user.has_role("grant_manager"))
