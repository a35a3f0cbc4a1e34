"""Test settings: the portal's settings, with what only makes sense over real HTTPS switched off."""

from portal.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
# Hashed static names need `collectstatic`; tests render pages without it.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
# Threads of the test run (the live server, a Celery worker) close their connections after each unit of
# work, so the test database can be dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Each run keeps its cache entries (login failure counts…) apart from earlier runs on the same Redis.
RUN_ID = __import__("uuid").uuid4().hex
CACHES["default"]["KEY_PREFIX"] = "test-%s" % RUN_ID  # noqa: F405
# Test runs sharing one Redis must not take each other's tasks: each run has its own queue.
CELERY_TASK_DEFAULT_QUEUE = "portal-test-%s" % RUN_ID
# Tests share one Redis and roll their data back: cached search figures would outlive the rows they count.
# tests/search/test_performance.py switches the cache on where it tests it.
SEARCH_CACHE_TIMEOUT = 0
