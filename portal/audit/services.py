from django.contrib.contenttypes.models import ContentType
from django.db import models

from portal.audit.models import AuditEvent


def audit_record(
    *, actor, verb: str, target: models.Model, from_state: str = "", to_state: str = "", note: str = ""
) -> AuditEvent:
    """Append one event; call it inside the transition's transaction so a rollback removes it too."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        from_state=from_state or "",
        to_state=to_state or "",
        note=note,
    )
