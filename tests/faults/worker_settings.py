"""Settings of the `celery worker` subprocesses of the fault tests: the test database, the throwaway broker."""

import os

from tests.settings import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["FAULT_DATABASE_NAME"]  # noqa: F405
CELERY_BROKER_URL = os.environ["FAULT_BROKER_URL"]
CELERY_TASK_ALWAYS_EAGER = False
EMAIL_BACKEND = "tests.faults.mail.FileOutboxBackend"
