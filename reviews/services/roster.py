"""The Peer Review Roster: experts apply, editors approve, decline or suspend."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.services import audit_record
from portal.errors import InvalidTransition
from portal.notifications.services import notify
from reviews.models import Relationship, ReviewerProfile
from reviews.permissions import can_manage_roster

REVIEWER_GROUP = "reviewer"


@transaction.atomic
def reviewer_apply(
    *,
    user,
    bio: str = "",
    languages: list[str],
    themes=(),
    exploitation_forms=(),
    regions=(),
    organization=None,
    max_load: int = 4,
    public_directory: bool = False,
    cv=None,
    partners=(),
    funders=(),
) -> ReviewerProfile:
    profile, created = ReviewerProfile.objects.select_for_update().get_or_create(user=user)
    if not created and profile.state != ReviewerProfile.State.DECLINED:
        raise InvalidTransition(
            _("You already applied to the roster (state: %(state)s).") % {"state": profile.get_state_display()},
            state=profile.state,
        )
    profile.state = ReviewerProfile.State.APPLIED
    profile.bio, profile.languages, profile.organization = bio, list(languages), organization
    profile.max_load, profile.public_directory = max_load, public_directory
    if cv is not None:
        profile.cv = cv
    profile.save()
    profile.themes.set(themes)
    profile.exploitation_forms.set(exploitation_forms)
    profile.regions.set(regions)
    Relationship.objects.filter(profile=profile).delete()
    Relationship.objects.bulk_create(
        [Relationship(profile=profile, organization=org, kind=Relationship.Kind.PARTNER) for org in partners]
        + [Relationship(profile=profile, organization=org, kind=Relationship.Kind.FUNDER) for org in funders]
    )
    audit_record(actor=user, verb="roster.apply", target=profile, to_state=profile.state)
    return profile


def _decide(*, profile: ReviewerProfile, actor, to_state: str, allowed_from: set[str], verb: str) -> ReviewerProfile:
    if not can_manage_roster(actor):
        raise PermissionDenied(_("Only editors and grant managers manage the roster."))
    profile = ReviewerProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if profile.state not in allowed_from:
        raise InvalidTransition(
            _("This application is %(state)s.") % {"state": profile.get_state_display().lower()}, state=profile.state
        )
    from_state = profile.state
    profile.state = to_state
    profile.decided_at = timezone.now()
    profile.save(update_fields=["state", "decided_at"])
    group = Group.objects.get(name=REVIEWER_GROUP)
    if to_state == ReviewerProfile.State.APPROVED:
        profile.user.groups.add(group)
    else:
        profile.user.groups.remove(group)
    audit_record(actor=actor, verb=verb, target=profile, from_state=from_state, to_state=to_state)
    notify(recipient=profile.user, kind="roster_result", context={"state": to_state})
    return profile


@transaction.atomic
def reviewer_approve(*, profile: ReviewerProfile, actor) -> ReviewerProfile:
    states = ReviewerProfile.State
    return _decide(
        profile=profile,
        actor=actor,
        to_state=states.APPROVED,
        allowed_from={states.APPLIED, states.SUSPENDED},
        verb="roster.approve",
    )


@transaction.atomic
def reviewer_decline(*, profile: ReviewerProfile, actor) -> ReviewerProfile:
    states = ReviewerProfile.State
    return _decide(
        profile=profile, actor=actor, to_state=states.DECLINED, allowed_from={states.APPLIED}, verb="roster.decline"
    )


@transaction.atomic
def reviewer_suspend(*, profile: ReviewerProfile, actor) -> ReviewerProfile:
    states = ReviewerProfile.State
    return _decide(
        profile=profile, actor=actor, to_state=states.SUSPENDED, allowed_from={states.APPROVED}, verb="roster.suspend"
    )


def reviewer_ensure_approved(*, user, languages: list[str], group: str = REVIEWER_GROUP) -> ReviewerProfile:
    """For provisioning (`adduser --role reviewer`, demo data): an approved roster member, idempotent.

    `group` is the role the person reviews in: the roster's reviewers, or e.g. the grant board.
    """
    profile, _created = ReviewerProfile.objects.get_or_create(user=user, defaults={"languages": languages})
    if profile.state != ReviewerProfile.State.APPROVED:
        profile.state = ReviewerProfile.State.APPROVED
        profile.decided_at = timezone.now()
        profile.save(update_fields=["state", "decided_at"])
    user.groups.add(Group.objects.get(name=group))
    return profile
