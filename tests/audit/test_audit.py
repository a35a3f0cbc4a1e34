import pytest
from django.db import DatabaseError, transaction

from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_audit_event_records_actor_verb_target_and_states(user):
    organization = OrganizationFactory()
    audit_record(actor=user, verb="organization.verify", target=organization, from_state="a", to_state="b", note="ok")
    event = AuditEvent.objects.for_object(organization).get()
    assert (event.actor, event.verb, event.from_state, event.to_state, event.note) == (
        user,
        "organization.verify",
        "a",
        "b",
        "ok",
    )


def test_audit_events_are_append_only_in_the_database(user):
    event = audit_record(actor=user, verb="x", target=user)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_audit_rolls_back_with_the_transition(user):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=user, verb="x", target=user)
        raise RuntimeError
    assert not AuditEvent.objects.exists()
