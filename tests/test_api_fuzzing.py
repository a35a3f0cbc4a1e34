"""Schemathesis against the OpenAPI schema: no 5xx, and every response conforms to the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def keep_test_connection():
    """Requests go through the WSGI app, whose end-of-request hook would close the test's connection
    (the Django test client switches that hook off in the same way)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, keep_test_connection):
    from rest_framework.authtoken.models import Token

    from tests.factories import UserFactory

    return Token.objects.create(user=UserFactory(roles=["editor", "submitter"])).key


# No 5xx, every status documented, bodies, content types and headers as the schema says. (Whether the API
# rejects every request the schema forbids is another matter: it accepts unknown query parameters, say.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@schema.parametrize()
# Derandomized: the same cases every run, so CI is reproducible; raise max_examples locally to explore more.
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_api_never_fails_and_keeps_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": "Token %s" % token}, checks=CHECKS)
