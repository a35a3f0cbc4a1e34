"""Domain errors raised by services; the API maps them to HTTP statuses, views to messages."""


class DomainError(Exception):
    """A rule of the domain refused the action; the message is for the user."""


class InvalidTransition(DomainError):
    """The object's current state does not allow the action (HTTP 409)."""

    def __init__(self, message, *, state: str):
        super().__init__(message)
        self.state = state


class PayloadTooLarge(DomainError):
    """An upload over the size limit (HTTP 413)."""


def user_message(error: Exception) -> str:
    """What to tell the person on a page when a service refused: validation, domain or permission."""
    from django.utils.translation import gettext as _

    messages = getattr(error, "messages", None)
    if messages:
        return " ".join(str(message) for message in messages)
    return str(error) or _("You are not allowed to do this.")
