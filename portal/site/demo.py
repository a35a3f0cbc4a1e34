"""Demo content for `seed_demo`, drawn from the facts of the source documents (paraphrased).

Everything goes through the same services as real use, so the demo shows real states, reviews and
audit trails. Each account has its own e-mail domain: a shared domain is a conflict of interest.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from campaigns.demo import seed_campaigns
from grants.demo import seed_grants
from portal.accounts.models import Membership, Organization, User
from portal.accounts.services import user_provision
from portal.search.services import rebuild_index
from portal.taxonomy.models import Country, ExploitationForm, Sector, TargetGroup, Theme
from resources.demo import seed_resources

DEMO_PASSWORD = "demo-portal-2026"

ORGANIZATIONS = [
    # name, kind, country, website, verified
    ("Namibia Child Protection Alliance", "ngo", "NA", "https://ncpa.example.org", True),
    ("Atlas Migrant Rights Collective", "ngo", "MA", "https://atlas-rights.example.org", True),
    ("Safe Passage Ukraine", "ngo", "UA", "https://safepassage.example.org", True),
    ("Mekong Fishers' Solidarity Network", "ngo", "TH", "https://mekong-fishers.example.org", False),
    ("Andean Centre for Survivors", "ngo", "PE", "https://andean-survivors.example.org", True),
    ("National Anti-Trafficking Secretariat of Nepal", "government", "NP", "", True),
    ("Institute for Research on Forced Labour", "academic", "FR", "https://irfl.example.org", True),
    ("Hospitality and Transport Partners for Safe Travel", "private_sector", "ZA", "", True),
]

ACCOUNTS = [
    # email, role, organisation, country, full name, preferred language
    ("admin@portal.example", "admin", None, "AT", "Portal Administrator", "en"),
    ("editor@portal.example", "editor", None, "FR", "Élise Martin", "fr"),
    ("reviewer@irfl.example", "reviewer", "Institute for Research on Forced Labour", "FR", "Karim Benali", "fr"),
    ("reviewer2@experts.example", "reviewer", None, "IN", "Priya Raman", "en"),
    ("grants@portal.example", "grant_manager", None, "US", "Grace Okafor", "en"),
    ("board@board.example", "board_member", None, "BR", "Rafael Souza", "pt"),
    (
        "campaigns@safetravel.example",
        "campaign_manager",
        "Hospitality and Transport Partners for Safe Travel",
        "ZA",
        "Thandi Nkosi",
        "en",
    ),
    ("ngo@ncpa.example", "submitter", "Namibia Child Protection Alliance", "NA", "Maria Shikongo", "en"),
    ("ngo.ma@atlas-rights.example", "submitter", "Atlas Migrant Rights Collective", "MA", "Youssef El Amrani", "fr"),
    ("ngo.pe@andean-survivors.example", "submitter", "Andean Centre for Survivors", "PE", "Lucía Quispe", "es"),
    ("ngo.ua@safepassage.example", "submitter", "Safe Passage Ukraine", "UA", "Olena Kovalenko", "ru"),
    (
        "desk@antitrafficking-np.example",
        "submitter",
        "National Anti-Trafficking Secretariat of Nepal",
        "NP",
        "Sita Gurung",
        "en",
    ),
]

CALLS = [
    {
        "title": "Protecting fishers from forced labour at sea",
        "description": "Practices that identify and protect fishers exploited on vessels, in ports and in processing.",
        "criteria": "Completed or nearly completed practices with documented results.",
        "themes": ["victim-identification-and-referral", "public-private-partnerships"],
        "days": (-20, 45),
        "blind_mode": "double",
    },
    {
        "title": "Safe shelter and reintegration for survivors",
        "description": "Practices offering safe accommodation, medical and psychosocial care and help to rebuild a life.",
        "criteria": "Victim-centred practices, completed or nearly completed.",
        "themes": ["victim-services"],
        "days": (-120, -30),
        "blind_mode": "single",
    },
]

PRACTICES = [
    {
        "organization": "Atlas Migrant Rights Collective",
        "author": "ngo.ma@atlas-rights.example",
        "language": "fr",
        "target": "published",
        "title": "Accueil de jour et orientation des migrantes exploitées dans le travail domestique",
        "summary": "Un accueil de jour où des médiatrices aident les travailleuses domestiques migrantes à "
        "sortir de l'exploitation et à accéder à des soins, à un hébergement et à un avocat.",
        "description": "Des médiatrices issues des communautés migrantes tiennent une permanence six jours sur sept. "
        "Elles orientent vers les services de santé, les foyers partenaires et les avocats bénévoles.",
        "results": "En trois ans, 640 femmes ont été reçues et 210 orientées vers un hébergement sûr.",
        "lessons_learned": "La confiance passe par des médiatrices qui parlent la langue des personnes reçues.",
        "countries": ["MA"],
        "themes": ["victim-services", "victim-identification-and-referral"],
        "forms": ["domestic-servitude", "forced-labour"],
        "groups": ["migrants", "women-and-girls", "domestic-workers"],
        "sectors": ["domestic-work"],
        "scope": "national",
        "status": "completed",
    },
    {
        "organization": "Namibia Child Protection Alliance",
        "author": "ngo@ncpa.example",
        "language": "en",
        "target": "published",
        "title": "Community child-protection committees along cattle and fishing routes",
        "summary": "Village committees trained to spot and refer children at risk of labour exploitation "
        "before they leave home.",
        "description": "Teachers, elders and health workers meet monthly, keep a referral list and follow up "
        "each child referred with social services.",
        "results": "38 committees trained; 1,150 children screened and 96 referred to social services.",
        "lessons_learned": "Committees last when a local authority hosts their meetings.",
        "countries": ["NA"],
        "themes": ["prevention", "training-and-awareness"],
        "forms": ["forced-labour"],
        "groups": ["children"],
        "sectors": ["agriculture", "fishing"],
        "scope": "local",
        "status": "completed",
    },
    {
        "organization": "Andean Centre for Survivors",
        "author": "ngo.pe@andean-survivors.example",
        "language": "es",
        "target": "in_review",
        "title": "Acompañamiento jurídico a sobrevivientes durante el proceso penal",
        "summary": "Abogadas especializadas acompañan a las sobrevivientes desde la denuncia hasta la sentencia.",
        "description": "El acompañamiento incluye preparación para las audiencias y coordinación con la fiscalía.",
        "results": "85 sobrevivientes acompañadas; 23 sentencias condenatorias.",
        "countries": ["PE"],
        "themes": ["criminal-justice-capacity", "victim-services"],
        "forms": ["sexual-exploitation"],
        "groups": ["survivors", "judges-and-prosecutors"],
        "sectors": ["commercial-sex"],
        "scope": "national",
        "status": "nearly_completed",
    },
    {
        "organization": "Safe Passage Ukraine",
        "author": "ngo.ua@safepassage.example",
        "language": "ru",
        "target": "published",
        "title": "Горячая линия и информация о безопасном пути для людей, покидающих зону войны",
        "summary": "Бесплатная горячая линия и волонтёры на вокзалах предупреждают о ложных предложениях "
        "работы и жилья и направляют людей в проверенные службы помощи.",
        "description": "Волонтёры дежурят на вокзалах и пограничных переходах, раздают листовки на пяти языках "
        "и принимают звонки круглосуточно.",
        "results": "За два года принято 18 400 звонков; 312 человек направлены в службы защиты.",
        "lessons_learned": "Люди доверяют тем, кто встречает их первым: волонтёры должны быть на месте с первого дня.",
        "countries": ["UA", "PL", "MD"],
        "themes": ["prevention", "victim-identification-and-referral"],
        "forms": ["sexual-exploitation", "forced-labour"],
        "groups": ["refugees", "women-and-girls", "internally-displaced-people"],
        "sectors": [],
        "scope": "multi_country",
        "status": "ongoing",
    },
    {
        "organization": "National Anti-Trafficking Secretariat of Nepal",
        "author": "desk@antitrafficking-np.example",
        "language": "en",
        "target": "published",
        "title": "Labour-migration help desks in district offices",
        "summary": "Help desks in district offices check recruitment offers, register departures and give "
        "migrants the numbers to call abroad.",
        "description": "Desk officers verify recruitment agencies against the licence register and brief each "
        "migrant on contracts, wages and embassy contacts before departure.",
        "results": "24 desks opened; 9,800 migrants briefed; 140 offers from unlicensed agents reported.",
        "lessons_learned": "Briefings work best in the week before departure, with family members present.",
        "countries": ["NP", "IN"],
        "themes": ["prevention", "legal-frameworks"],
        "forms": ["forced-labour"],
        "groups": ["migrants"],
        "sectors": ["construction", "manufacturing"],
        "scope": "multi_country",
        "status": "completed",
    },
    {
        "organization": "Namibia Child Protection Alliance",
        "author": "ngo@ncpa.example",
        "language": "en",
        "target": "draft",
        "title": "School lessons on safe migration",
        "summary": "Lesson plans for secondary schools on recruitment lures and safe migration.",
        "countries": ["NA"],
        "themes": ["training-and-awareness"],
        "scope": "national",
        "status": "ongoing",
    },
]


# Courtesy translations of the published demo practices, so that search finds them in more languages.
TRANSLATIONS = {
    "Community child-protection committees along cattle and fishing routes": {
        "es": (
            "Comités comunitarios de protección infantil en las rutas ganaderas y pesqueras",
            "Voluntarios de las aldeas identifican a los niños obligados a trabajar en el pastoreo y la pesca "
            "y los derivan a la escuela y a los servicios sociales.",
        ),
        "ar": (
            "لجان مجتمعية لحماية الأطفال على طرق رعي الماشية والصيد",
            "يتعرّف متطوعون من القرى على الأطفال الذين يُجبرون على العمل في المراعي وقوارب الصيد "
            "ويحيلونهم إلى المدارس والخدمات الاجتماعية.",
        ),
        "ru": (
            "Общинные комитеты защиты детей на маршрутах перегона скота и рыболовства",
            "Добровольцы из деревень выявляют детей, которых заставляют работать на пастбищах и в рыболовстве, "
            "и направляют их в школы и социальные службы.",
        ),
        "zh-hans": (
            "牧牛和渔业路线沿线的社区儿童保护委员会",
            "村庄志愿者识别被迫在牧场和渔船上劳动的儿童，并将他们转介到学校和社会服务机构。",
        ),
    },
    "Accueil de jour et orientation des migrantes exploitées dans le travail domestique": {
        "es": (
            "Acogida diurna y orientación de migrantes explotadas en el trabajo doméstico",
            "Un centro de día recibe a trabajadoras domésticas migrantes víctimas de trata y las orienta hacia "
            "alojamiento, atención médica y asistencia jurídica.",
        ),
        "ar": (
            "استقبال نهاري وتوجيه للمهاجرات المستغلات في العمل المنزلي",
            "يستقبل مركز نهاري العاملات المنزليات المهاجرات من ضحايا الاتجار بالأشخاص ويوجههن نحو السكن "
            "والرعاية الصحية والمساعدة القانونية.",
        ),
        "ru": (
            "Дневной центр и сопровождение мигранток, эксплуатируемых в домашнем труде",
            "Дневной центр принимает домашних работниц-мигранток, пострадавших от торговли людьми, и направляет "
            "их к жилью, медицинской помощи и юристам.",
        ),
    },
}


def _organizations():
    countries = {country.code: country for country in Country.objects.filter(code__in={o[2] for o in ORGANIZATIONS})}
    for name, kind, code, website, verified in ORGANIZATIONS:
        organization, created = Organization.objects.get_or_create(
            name=name, country=countries[code], defaults={"kind": kind, "website": website}
        )
        if created and verified:
            organization.verified_at = timezone.now()
            organization.save(update_fields=["verified_at"])


def _accounts() -> list[tuple[str, str]]:
    accounts = []
    for email, role, organization_name, country, full_name, language in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user, _created = user_provision(
                email=email, password=DEMO_PASSWORD, role=role, country_code=country, full_name=full_name
            )
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
        if organization_name:
            Membership.objects.get_or_create(
                user=user,
                organization=Organization.objects.get(name=organization_name),
                defaults={"role": Membership.OrgRole.ADMIN},
            )
        accounts.append((email, role))
    return accounts


def _reviewers():
    from reviews.models import ReviewerProfile

    languages = {"reviewer@irfl.example": ["fr", "en", "es"], "reviewer2@experts.example": ["en", "hi", "es", "fr"]}
    themes = list(Theme.objects.all())
    for email, read in languages.items():
        profile = ReviewerProfile.objects.get(user__email=email)
        if profile.languages != read:
            profile.languages = read
            profile.bio = "Researcher on forced labour and victim protection."
            profile.public_directory = True
            profile.save(update_fields=["languages", "bio", "public_directory"])
            profile.themes.set(themes)


def _calls():
    from practices.models import PracticeCall
    from practices.services import call_create

    editor = User.objects.get(email="editor@portal.example")
    now = timezone.now()
    for item in CALLS:
        if PracticeCall.objects.filter(title_en=item["title"]).exists():
            continue
        opens, deadline = (now + timedelta(days=days) for days in item["days"])
        call_create(
            actor=editor,
            title=item["title"],
            description=item["description"],
            criteria=item["criteria"],
            opens=opens,
            deadline=deadline,
            themes=Theme.objects.filter(slug__in=item["themes"]),
            blind_mode=item["blind_mode"],
        )


def _practices():
    from practices.models import Practice
    from practices.services import (
        practice_create,
        practice_publish,
        practice_send_to_review,
        practice_submit,
    )
    from reviews.services.assignments import assignment_accept, assignment_create
    from reviews.services.decisions import decision_make
    from reviews.services.reviewing import review_save

    editor = User.objects.get(email="editor@portal.example")
    reviewers = [User.objects.get(email=email) for email in ("reviewer@irfl.example", "reviewer2@experts.example")]
    for item in PRACTICES:
        title_field = "title_%s" % item["language"]
        if Practice.objects.filter(**{title_field: item["title"]}).exists():
            continue
        author = User.objects.get(email=item["author"])
        practice = practice_create(
            actor=author,
            organization=Organization.objects.get(name=item["organization"]),
            original_language=item["language"],
            title=item["title"],
            summary=item["summary"],
            description=item.get("description", ""),
            results=item.get("results", ""),
            lessons_learned=item.get("lessons_learned", ""),
            scope=item["scope"],
            implementation_status=item["status"],
            no_victim_data=True,
            countries=Country.objects.filter(code__in=item["countries"]),
            themes=Theme.objects.filter(slug__in=item["themes"]),
            exploitation_forms=ExploitationForm.objects.filter(slug__in=item.get("forms", [])),
            target_groups=TargetGroup.objects.filter(slug__in=item.get("groups", [])),
            sectors=Sector.objects.filter(slug__in=item.get("sectors", [])),
        )
        if item["target"] == "draft":
            continue
        practice_submit(practice=practice, actor=author)
        practice_send_to_review(practice=practice, actor=editor)
        practice.refresh_from_db()
        case = practice.review_case
        for offset, reviewer in enumerate(reviewers):
            assignment = assignment_create(
                case=case, reviewer=reviewer, due=timezone.localdate() + timedelta(days=14 + offset), actor=editor
            )
            assignment_accept(assignment=assignment, actor=reviewer)
            if item["target"] == "in_review" and offset == 1:
                continue
            scores = {str(criterion.pk): 4 - offset for criterion in case.rubric.criteria.all()}
            review_save(
                assignment=assignment,
                actor=reviewer,
                scores=scores,
                recommendation="accept",
                comments_to_author="Clear, well documented and useful to others.",
                submit=True,
            )
        if item["target"] == "published":
            decision_make(case=case, outcome="accept", letter="We are glad to accept your practice.", actor=editor)
            practice_publish(practice=practice, actor=editor)
    _translations(editor)


def _translations(editor):
    from practices.models import Practice, field_in
    from practices.services import practice_translate

    for original, languages in TRANSLATIONS.items():
        practice = Practice.objects.published().filter(title_en=original).first() or (
            Practice.objects.published().filter(title_fr=original).first()
        )
        if practice is None:
            continue
        for language, (title, summary) in languages.items():
            if not getattr(practice, field_in("title", language)):
                practice_translate(practice=practice, actor=editor, language=language, title=title, summary=summary)


def _featured():
    """The editors put one practice forward on the home page."""
    from portal.site.models import FeaturedPractice
    from practices.models import Practice

    practice = Practice.objects.filter(title_en=FEATURED_TITLE, state=Practice.State.PUBLISHED).first()
    if practice is not None:
        FeaturedPractice.objects.get_or_create(practice=practice)


FEATURED_TITLE = "Community child-protection committees along cattle and fishing routes"


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Create demo organisations, one account per role, calls, practices and campaigns; running it again changes nothing."""
    _organizations()
    accounts = _accounts()
    _reviewers()
    _calls()
    _practices()
    _featured()
    seed_grants()
    seed_campaigns()
    seed_resources()
    # Demo content written before the search index existed is found too.
    rebuild_index()
    return accounts
