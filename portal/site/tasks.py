from celery import shared_task

from portal.site import selectors


@shared_task(ignore_result=True)
def warm_caches() -> bool:
    return selectors.warm_caches()
