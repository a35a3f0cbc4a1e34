from portal.accounts.permissions import is_member


def is_editor(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_staff or user.has_role("editor"))


def can_view_practice(user, practice) -> bool:
    return practice.state == "published" or is_editor(user) or is_member(user, practice.organization)


def can_edit_practice(user, practice) -> bool:
    return practice.state in ("draft", "revision_requested") and is_member(user, practice.organization)


def can_see_contact(user, practice) -> bool:
    return practice.contact_public or is_editor(user) or is_member(user, practice.organization)
