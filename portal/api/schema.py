"""The OpenAPI schema documents the errors every operation can answer with, in the shapes of
portal.api.exceptions.exception_handler, so clients (and tests/test_api_fuzzing.py) can rely on them."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the request's language.")


class ConflictSerializer(ErrorSerializer):
    state = serializers.CharField(help_text="The state the object is in, which does not allow this move.")


# A 400 is either {"detail": "…"} (a refused domain rule) or field errors {"field": ["…"], "non_field_errors": […]}.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": 'Field errors ({"field": ["message", …]}, nested for nested fields) or {"detail": "message"}.',
    "additionalProperties": {
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {}},
            {"type": "object"},
        ]
    },
}

DESCRIPTIONS = {
    "400": "Invalid input or a refused rule",
    "401": "Missing or invalid credentials (send `Authorization: Token …`)",
    "403": "Not allowed for this account",
    "404": "No such object, or not visible to this account",
    "409": "The object's state does not allow this move",
    "413": "The upload is too large",
    "429": "Too many failed attempts: locked for a while",
}


class PortalAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code in responses:
                continue
            body = {"400": VALIDATION_ERROR_SCHEMA, "409": ConflictSerializer}.get(code, ErrorSerializer)
            # In every format the operation renders (a CSV export renders its errors as CSV too).
            responses[code] = self._get_response_for_code(body, code, direction=direction)
            responses[code]["description"] = DESCRIPTIONS[code]
        return responses

    def _error_codes(self) -> list[str]:
        method, view = self.method, self.view
        has_path_parameters = "{" in self.path
        writes = method in ("POST", "PUT", "PATCH", "DELETE")
        codes = []
        if writes or self._get_filter_parameters() or self._get_pagination_parameters():
            codes.append("400")
        if view.get_authenticators():
            codes.append("401")  # a bad token is refused even where no login is needed
        open_to_all = all(isinstance(permission, permissions.AllowAny) for permission in view.get_permissions())
        if not open_to_all:
            codes.append("403")
        if has_path_parameters or self._get_pagination_parameters():
            codes.append("404")  # no such object, or no such page
        if writes and not open_to_all:
            codes.append("409")
        media_types = [parser.media_type for parser in view.get_parsers()]
        if writes and "multipart/form-data" in media_types and "application/json" not in media_types:
            codes.append("413")  # an upload endpoint (PracticeViewSet.attachments)
        codes += getattr(view, "error_status_codes", [])
        return sorted(set(codes))
