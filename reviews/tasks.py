from celery import shared_task

from reviews.services.reminders import review_reminders_send


@shared_task(ignore_result=True)
def send_review_reminders() -> int:
    return review_reminders_send()
