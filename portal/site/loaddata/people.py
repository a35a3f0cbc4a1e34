"""Synthetic organisations and accounts: members who submit, the review roster, the grant board and staff.

Every account has an unusable password and an address under .invalid. Members write from "load.invalid";
reviewers, board members and staff have their own sub-domains, because the review engine counts a shared
e-mail domain as a conflict of interest. Staff (editors, grant managers) are inactive: they appear as the
ones who invited, decided and awarded, but real submissions never notify them.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import Group

from portal.accounts.models import Membership, Organization, Role, User
from portal.site.loaddata.copying import Batch
from portal.site.loaddata.text import LANGUAGE_WEIGHTS, Text, pick
from reviews.models import ReviewerProfile

ORG_PREFIX = "[load] "
EMAIL_DOMAIN = "load.invalid"
VERIFIED_OUT_OF = (4, 5)  # four organisations in five are verified


@dataclass
class People:
    organisations: list[int] = field(default_factory=list)
    members: dict[int, int] = field(default_factory=dict)  # organisation → its member
    org_names: dict[int, str] = field(default_factory=dict)
    org_countries: dict[int, int] = field(default_factory=dict)
    verified: list[int] = field(default_factory=list)
    editors: list[int] = field(default_factory=list)
    managers: list[int] = field(default_factory=list)
    reviewers: dict[str, list[int]] = field(default_factory=dict)  # language → approved reviewers reading it
    board: list[int] = field(default_factory=list)

    @property
    def all_reviewers(self) -> list[int]:
        return sorted({pk for pks in self.reviewers.values() for pk in pks})


def _user(batch: Batch, email_format: str, name: str, **fields) -> int:
    pk = batch.new_id(User)
    return batch.add(User, id=pk, email=email_format % pk, password="!", full_name="%s %s" % (name, pk), **fields)


def write_organisations(batch: Batch, rng: random.Random, count: int, country_ids: list[int], now: datetime) -> People:
    """`count` NGOs, each with one member (its administrator); most are verified and may apply for grants."""
    people = People()
    for index in range(count):
        created = now - timedelta(days=rng.randint(400, 3000))
        verified = index % VERIFIED_OUT_OF[1] < VERIFIED_OUT_OF[0]
        pk = batch.new_id(Organization)
        people.org_names[pk] = "%sOrganisation %s" % (ORG_PREFIX, pk)
        people.org_countries[pk] = rng.choice(country_ids)
        batch.add(
            Organization,
            id=pk,
            name=people.org_names[pk],
            kind="ngo",
            country_id=people.org_countries[pk],
            created_at=created,
            verified_at=created + timedelta(days=rng.randint(1, 30)) if verified else None,
        )
        member = _user(batch, "member%s@" + EMAIL_DOMAIN, "Load", date_joined=created)
        batch.add(Membership, user_id=member, organization_id=pk, role=Membership.OrgRole.ADMIN, created_at=created)
        people.organisations.append(pk)
        people.members[pk] = member
        if verified:
            people.verified.append(pk)
    return people


def write_staff(batch: Batch, people: People, groups: dict[str, int]) -> None:
    for role, target, count in ((Role.EDITOR, people.editors, 3), (Role.GRANT_MANAGER, people.managers, 2)):
        for _index in range(count):
            pk = _user(batch, "%s%%s@staff.%s" % (role, EMAIL_DOMAIN), "Load %s" % role, is_active=False)
            batch.link(User, "groups", pk, [groups[role]])
            target.append(pk)


def write_roster(
    batch: Batch,
    rng: random.Random,
    text: Text,
    people: People,
    *,
    reviewers: int,
    board: int,
    taxonomy: dict[str, list[int]],
    region_ids: list[int],
    groups: dict[str, int],
    now: datetime,
) -> None:
    """Approved reviewers, each reading English or another language (every language has several readers),
    a few applications still pending, and the grant board."""
    codes = list(LANGUAGE_WEIGHTS)
    people.reviewers = {code: [] for code in codes}
    pending = reviewers // 20
    for index in range(reviewers + pending + board):
        on_board = index >= reviewers + pending
        approved = index < reviewers or on_board
        languages = {codes[index % len(codes)], "en"}
        if rng.random() < 0.3:
            languages.add(rng.choice(codes))
        domain = ("board." if on_board else "roster.") + EMAIL_DOMAIN
        applied = now - timedelta(days=rng.randint(30, 3200))
        pk = _user(batch, "reviewer%s@" + domain, "Load reviewer", date_joined=applied)
        profile = batch.add(
            ReviewerProfile,
            user_id=pk,
            state=ReviewerProfile.State.APPROVED if approved else ReviewerProfile.State.APPLIED,
            bio=text.sentence("en", 20),
            languages=sorted(languages),
            max_load=rng.randint(3, 8),
            public_directory=rng.random() < 0.3,
            applied_at=applied,
            decided_at=applied + timedelta(days=rng.randint(2, 20)) if approved else None,
        )
        batch.link(ReviewerProfile, "themes", profile, pick(rng, taxonomy["themes"], 1, 3))
        batch.link(ReviewerProfile, "exploitation_forms", profile, pick(rng, taxonomy["exploitation_forms"], 0, 2))
        batch.link(ReviewerProfile, "regions", profile, pick(rng, region_ids, 1, 2))
        if on_board:
            batch.link(User, "groups", pk, [groups[Role.BOARD_MEMBER]])
            people.board.append(pk)
        elif approved:
            batch.link(User, "groups", pk, [groups[Role.REVIEWER]])
            for code in languages:
                people.reviewers[code].append(pk)


def role_groups() -> dict[str, int]:
    return dict(Group.objects.filter(name__in=Role.values).values_list("name", "pk"))
