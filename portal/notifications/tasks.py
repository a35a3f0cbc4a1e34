from celery import shared_task

from portal.notifications import services
from portal.notifications.alerts import alert_digests_send


@shared_task(ignore_result=True)
def deliver_notifications(notification_ids: list[int]) -> None:
    services.notifications_deliver(notification_ids=notification_ids)


# Messages published before batching still name this task; it stays to deliver them.
@shared_task(ignore_result=True)
def deliver_notification(notification_id: int) -> None:
    services.notification_deliver(notification_id=notification_id)


@shared_task(ignore_result=True)
def redispatch_pending_notifications() -> int:
    return services.notifications_redispatch()


@shared_task(ignore_result=True)
def send_alert_digests() -> int:
    return alert_digests_send()
