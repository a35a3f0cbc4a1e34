"""Login throttling: after repeated failures an account (and an address) is locked for a while.

Counts live in the cache (Redis in production), so every web process shares them.
"""

from django.conf import settings
from django.core.cache import cache

# The two-factor code step counts apart: a correct password must not reset the count of wrong codes.
STEPS = ("login", "otp")


def _keys(email: str, ip: str | None, step: str = "login") -> list[tuple[str, int]]:
    keys = [("%s-failures:email:%s" % (step, email.strip().lower()), settings.LOGIN_FAILURE_LIMIT)]
    if ip:
        # An address may try several accounts (a shared office), but not hundreds.
        keys.append(("%s-failures:ip:%s" % (step, ip), settings.LOGIN_FAILURE_LIMIT * 4))
    return keys


def login_locked(email: str, ip: str | None, step: str = "login") -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in _keys(email, ip, step))


def login_failed(email: str, ip: str | None, step: str = "login") -> None:
    timeout = settings.LOGIN_LOCKOUT_MINUTES * 60
    for key, _limit in _keys(email, ip, step):
        cache.add(key, 0, timeout)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout)


def login_succeeded(email: str, step: str = "login") -> None:
    cache.delete(_keys(email, None, step)[0][0])


def login_unlock(email: str, ip: str | None = None) -> None:
    """Staff lift a lock early (admin action); the address's count too when given."""
    cache.delete_many([key for step in STEPS for key, _limit in _keys(email, ip, step)])


def client_ip(request) -> str | None:
    # Behind the proxy of USE_X_FORWARDED_PROTO deployments, REMOTE_ADDR is the proxy: trust its header.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.USE_X_FORWARDED_FOR else ""
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR")
