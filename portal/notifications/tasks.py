from celery import shared_task

from portal.notifications import services


@shared_task(ignore_result=True)
def deliver_notification(notification_id: int) -> None:
    services.notification_deliver(notification_id=notification_id)


@shared_task(ignore_result=True)
def redispatch_pending_notifications() -> int:
    return services.notifications_redispatch()
