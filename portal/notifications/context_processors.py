from django.utils.functional import SimpleLazyObject

from portal.notifications.models import Notification


def unread_notifications(request):
    """The header's unread count, queried only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: Notification.objects.inbox_of(user).unread().count())}
