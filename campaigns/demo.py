"""Demo campaigns for `seed_demo`, from the facts of the source documents (paraphrased, never quoted).

A youth campaign with lesson plans in the six UN languages plus Dutch and Hindi, and a football
campaign with partner organisations, events, broadcasts and a pending request to join. The material
files are small valid PDF and PNG documents made here, so no binary is shipped. Idempotent: a campaign
whose name exists is left as it is.
"""

import struct
import zlib
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns.models import AwarenessDay, Campaign
from campaigns.services import (
    campaign_create,
    campaign_publish,
    event_add,
    material_add,
    partner_add,
    partner_request,
    reach_add,
)
from portal.accounts.models import Membership, Organization, User
from portal.taxonomy.models import Country, Theme

MANAGER = "campaigns@safetravel.example"

ORGANIZATIONS = [
    # name, kind, country
    ("Freedom Classroom Network", "ngo", "NL"),
    ("Johannesburg Community Football League", "ngo", "ZA"),
    ("Women's Rights Fund for Southern Africa", "international_organisation", "ZA"),
    ("Rainbow Nation Broadcasting", "private_sector", "ZA"),
]

LESSON_TITLES = {
    "en": "Lesson plan: what trafficking is and how to stop it",
    "fr": "Fiche de cours : comprendre la traite et agir",
    "es": "Plan de clase: qué es la trata y cómo detenerla",
    "ar": "خطة درس: ما هو الاتجار بالبشر وكيف نوقفه",
    "ru": "План урока: что такое торговля людьми и как ей противостоять",
    "zh-hans": "教案：什么是人口贩运以及如何制止",
    "nl": "Lesplan: wat mensenhandel is en hoe je het stopt",
    "hi": "पाठ योजना: मानव तस्करी क्या है और इसे कैसे रोकें",
}
CONSUMER_TITLES = {
    "en": "Lesson plan: responsible shopping and forced labour",
    "fr": "Fiche de cours : consommer de façon responsable",
    "nl": "Lesplan: verantwoord consumeren en dwangarbeid",
}
POSTER_TITLES = {
    "en": "Poster: Start Freedom week",
    "fr": "Affiche : semaine Start Freedom",
    "es": "Cartel: semana Start Freedom",
}


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF showing one line of ASCII text (cross-reference offsets computed)."""
    safe = "".join(ch for ch in text if 32 <= ord(ch) < 127).replace("\\", "").replace("(", "").replace(")", "")
    stream = b"BT /F1 14 Tf 56 780 Td (" + safe.encode("ascii") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def tiny_png(width: int = 60, height: int = 80, rgb: tuple[int, int, int] = (11, 79, 108)) -> bytes:
    """A valid PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def _organizations() -> dict[str, Organization]:
    found = {}
    for name, kind, code in ORGANIZATIONS:
        organization, created = Organization.objects.get_or_create(
            name=name, country=Country.objects.get(code=code), defaults={"kind": kind}
        )
        if created:
            organization.verified_at = timezone.now()
            organization.save(update_fields=["verified_at"])
        found[name] = organization
    return found


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _youth_campaign(manager, organizations, today):
    campaign = campaign_create(
        actor=manager,
        original_language="en",
        name="Start Freedom: young people against trafficking",
        summary="Young people learn what human trafficking is, how it is linked to what we buy, and what they "
        "can do about it, with free lessons and creative activities for schools and youth groups.",
        description="The campaign began with a short film broadcast live from United Nations headquarters. Its "
        "lessons cover trafficking and responsible consumption, and gender equality and trafficking. They "
        "exist in the six UN languages, in Dutch and in Hindi.",
        objectives="Reach young people in schools and youth groups; give teachers ready-to-use lessons; "
        "connect classrooms across countries in a global class.",
        key_messages="Anyone can be trafficked.\nWhat we buy can be made by people who are not free.\n"
        "Young people can speak up and act.",
        audiences=["young_people", "educators", "general_public"],
        lead_organization=organizations["Freedom Classroom Network"],
        starts=today - timedelta(days=90),
        ends=today + timedelta(days=120),
        hashtag="#StartFreedom",
        countries=Country.objects.filter(code__in=["AU", "BD", "BE", "KH", "HK", "EG", "US", "GB", "NL", "IN"]),
        themes=Theme.objects.filter(slug__in=["prevention", "training-and-awareness"]),
        awareness_days=AwarenessDay.objects.filter(slug="world-day-against-trafficking-in-persons"),
    )
    first = None
    for language, title in LESSON_TITLES.items():
        version = material_add(
            campaign=campaign,
            actor=manager,
            kind="lesson_plan",
            language=language,
            title=title,
            material=first,
            licence="cc_by_nc",
            usage_rules="Free for schools and youth groups; credit the campaign.",
            upload=SimpleUploadedFile("lesson-%s.pdf" % language, tiny_pdf("Start Freedom lesson [%s]" % language)),
        )
        first = first or version.material
    first = None
    for language, title in CONSUMER_TITLES.items():
        version = material_add(
            campaign=campaign,
            actor=manager,
            kind="lesson_plan",
            language=language,
            title=title,
            material=first,
            licence="cc_by_nc",
            upload=SimpleUploadedFile(
                "consumption-%s.pdf" % language, tiny_pdf("Responsible shopping lesson [%s]" % language)
            ),
        )
        first = first or version.material
    first = None
    for language, title in POSTER_TITLES.items():
        version = material_add(
            campaign=campaign,
            actor=manager,
            kind="poster",
            language=language,
            title=title,
            material=first,
            licence="cc_by",
            upload=SimpleUploadedFile("poster-%s.png" % language, tiny_png()),
        )
        first = first or version.material
    material_add(
        campaign=campaign,
        actor=manager,
        kind="video",
        language="en",
        title="Launch film (eight minutes)",
        url="https://video.example.org/start-freedom-launch",
        licence="cc_by_nc_nd",
    )
    week = today + timedelta(days=12)
    event_add(
        campaign=campaign,
        actor=manager,
        title="Start Freedom week: the global class",
        kind="debate",
        starts=_at(week, 9),
        ends=_at(week + timedelta(days=4), 16),
        place="Online and in participating schools",
        participants=200,
        organiser=organizations["Freedom Classroom Network"],
        description="Students in eight countries join one class: games, debates and performances.",
    )
    event_add(
        campaign=campaign,
        actor=manager,
        title="Teachers' workshop on the lesson plans",
        kind="workshop",
        starts=_at(today + timedelta(days=40), 14),
        ends=_at(today + timedelta(days=40), 17),
        place="Amsterdam",
        country=Country.objects.get(code="NL"),
        participants=35,
    )
    reach_add(
        campaign=campaign,
        actor=manager,
        metric="participants",
        value=200,
        period_start=today - timedelta(days=90),
        period_end=today - timedelta(days=60),
        source="Global class registrations",
    )
    for code, value in (("NL", 1200), ("IN", 950), ("GB", 640)):
        reach_add(
            campaign=campaign,
            actor=manager,
            metric="downloads",
            value=value,
            country=Country.objects.get(code=code),
            period_start=today - timedelta(days=90),
            period_end=today - timedelta(days=1),
            source="Campaign website statistics",
        )
    campaign_publish(campaign=campaign, actor=manager)
    return campaign


def _football_campaign(manager, organizations, today):
    south_africa = Country.objects.get(code="ZA")
    campaign = campaign_create(
        actor=manager,
        original_language="en",
        name="Safe Kick-off: football against trafficking",
        summary="Around a major football tournament, United Nations agencies and local partners warn fans, "
        "families and travellers about trafficking and offer safe spaces for children.",
        description="Public-service announcements run on international channels; child-friendly spaces open at "
        "four fan festivals; football tournaments and outreach in Johannesburg invite players to say no to "
        "violence against women; a round table brings governments, agencies and civil society together.",
        objectives="Reach fans and travellers during the tournament; protect children at fan festivals; "
        "train local partners to pass the materials on in their communities.",
        key_messages="Trafficking hides in plain sight, even at a festival.\nKnow the signs; call the helpline.",
        audiences=["sports_fans", "travellers", "young_people", "general_public"],
        lead_organization=organizations["Women's Rights Fund for Southern Africa"],
        starts=today - timedelta(days=10),
        ends=today + timedelta(days=30),
        hashtag="#SafeKickOff",
        countries=[south_africa],
        themes=Theme.objects.filter(slug__in=["prevention", "victim-services", "public-private-partnerships"]),
        awareness_days=AwarenessDay.objects.filter(slug="world-day-against-child-labour"),
    )
    partner_add(
        campaign=campaign,
        actor=manager,
        organization=organizations["Johannesburg Community Football League"],
        role="implementing",
    )
    partner_add(
        campaign=campaign, actor=manager, organization=organizations["Rainbow Nation Broadcasting"], role="media"
    )
    partner_add(
        campaign=campaign,
        actor=manager,
        organization=Organization.objects.get(name="Hospitality and Transport Partners for Safe Travel"),
        role="sponsor",
    )
    first = None
    for language, title in (
        ("en", "Public-service announcement (30 seconds)"),
        ("fr", "Message d'intérêt public (30 secondes)"),
        ("ar", "رسالة توعية عامة (30 ثانية)"),
    ):
        version = material_add(
            campaign=campaign,
            actor=manager,
            kind="psa",
            language=language,
            title=title,
            material=first,
            url="https://video.example.org/safe-kick-off-psa-%s" % language,
            licence="on_request",
            usage_rules="Broadcasters may air it free of charge; ask the campaign for the broadcast file.",
        )
        first = first or version.material
    material_add(
        campaign=campaign,
        actor=manager,
        kind="social_card",
        language="en",
        title="Social-media card: know the signs",
        licence="cc_by",
        upload=SimpleUploadedFile("know-the-signs.png", tiny_png(80, 80, (179, 38, 30))),
    )
    for offset, place in ((0, "Soweto"), (1, "Sandton"), (2, "Port Elizabeth"), (3, "Nelspruit")):
        day = today + timedelta(days=3 + offset)
        event_add(
            campaign=campaign,
            actor=manager,
            title="Child-friendly space at the fan festival, %s" % place,
            kind="community_conversation",
            starts=_at(day, 12),
            ends=_at(day, 22),
            place="%s fan festival" % place,
            country=south_africa,
        )
    event_add(
        campaign=campaign,
        actor=manager,
        title="Community football tournament: say no to violence against women",
        kind="sports_tournament",
        starts=_at(today + timedelta(days=8), 9),
        ends=_at(today + timedelta(days=9), 18),
        place="Johannesburg",
        country=south_africa,
        organiser=organizations["Johannesburg Community Football League"],
        participants=320,
    )
    event_add(
        campaign=campaign,
        actor=manager,
        title="Round table on preventing the trafficking of women and children",
        kind="debate",
        starts=_at(today + timedelta(days=15), 10),
        ends=_at(today + timedelta(days=15), 13),
        place="Johannesburg",
        country=south_africa,
        participants=45,
    )
    period = {"period_start": today - timedelta(days=10), "period_end": today - timedelta(days=1)}
    reach_add(campaign=campaign, actor=manager, metric="broadcasts", value=1000, source="Broadcasters' logs", **period)
    reach_add(
        campaign=campaign,
        actor=manager,
        metric="audience",
        value=2_500_000,
        country=south_africa,
        source="Broadcasters' audience estimates",
        **period,
    )
    reach_add(
        campaign=campaign,
        actor=manager,
        metric="participants",
        value=320,
        country=south_africa,
        source="Tournament registrations",
        **period,
    )
    reach_add(campaign=campaign, actor=manager, metric="organisations_joined", value=3, source="Partner list", **period)
    campaign_publish(campaign=campaign, actor=manager)
    # An NGO asks to join; the campaign manager has yet to answer.
    requester = User.objects.filter(email="ngo@ncpa.example").first()
    membership = Membership.objects.filter(user=requester).select_related("organization").first()
    if membership is not None:
        partner_request(campaign=campaign, actor=requester, organization=membership.organization, role="endorser")
    return campaign


def seed_campaigns() -> None:
    manager = User.objects.filter(email=MANAGER).first()
    if manager is None:
        return
    organizations = _organizations()
    today = timezone.localdate()
    if not Campaign.objects.filter(name_en="Start Freedom: young people against trafficking").exists():
        _youth_campaign(manager, organizations, today)
    if not Campaign.objects.filter(name_en="Safe Kick-off: football against trafficking").exists():
        _football_campaign(manager, organizations, today)
