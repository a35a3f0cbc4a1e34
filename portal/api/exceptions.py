from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from portal.errors import DomainError, InvalidTransition, PayloadTooLarge


def exception_handler(exc, context):
    """Every API error is JSON: `{"detail": …}` or field errors, with the status of API.md."""
    if isinstance(exc, InvalidTransition):
        return Response({"detail": str(exc), "state": exc.state}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, PayloadTooLarge):
        return Response({"detail": str(exc)}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if getattr(exc, "status_code", None) == status.HTTP_429_TOO_MANY_REQUESTS and isinstance(exc, DomainError):
        return Response({"detail": str(exc)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    if isinstance(exc, DomainError):
        return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        return Response(as_serializer_error(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        detail = str(exc) or "You do not have permission to perform this action."
        return Response({"detail": detail}, status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)
