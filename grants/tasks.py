from celery import shared_task

from grants.services.followup import report_reminders_send


@shared_task(ignore_result=True)
def send_report_reminders() -> int:
    return report_reminders_send()
