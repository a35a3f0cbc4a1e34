from portal.accounts.permissions import is_member
from practices.permissions import is_editor


def can_view_resource(user, resource) -> bool:
    if resource.state == "published" or is_editor(user):
        return True
    if not user.is_authenticated:
        return False
    return resource.submitted_by_id == user.pk or (
        resource.organization_id is not None and is_member(user, resource.organization)
    )


def can_edit_resource(user, resource) -> bool:
    return resource.state in ("draft", "revision_requested") and (
        resource.submitted_by_id == user.pk or is_editor(user)
    )
