from celery import shared_task

from network.services import thread_digests_send


@shared_task(ignore_result=True)
def send_thread_digests() -> int:
    return thread_digests_send()
