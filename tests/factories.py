import factory
from django.utils import timezone

from portal.accounts.models import Membership, Organization, User
from portal.taxonomy.models import Country

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    # A domain of its own each, so tests never share an e-mail domain (a conflict of interest) by accident.
    email = factory.Sequence(lambda n: "user%d@org%d.example" % (n, n))
    full_name = factory.Faker("name")
    preferred_language = "en"
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        unconfirmed = factory.Trait(is_active=False, email_confirmed_at=None)
        staff = factory.Trait(is_staff=True, is_superuser=True)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        for role in extracted or []:
            self.groups.add(Group.objects.get(name=role))
        if create:
            self.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: "Organisation %d" % n)
    kind = "ngo"
    country = factory.LazyFunction(lambda: Country.objects.get(code="NA"))

    class Params:
        verified = factory.Trait(verified_at=factory.LazyFunction(timezone.now))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.OrgRole.MEMBER


class ReviewerProfileFactory(factory.django.DjangoModelFactory):
    """An approved member of the Peer Review Roster."""

    class Meta:
        model = "reviews.ReviewerProfile"

    user = factory.SubFactory(UserFactory, roles=["reviewer"])
    state = "approved"
    languages = factory.LazyFunction(lambda: ["en", "fr"])
    max_load = 4


def review_case(*, owner="tests.owner", title="Community shelters for survivors", language="en", **kwargs):
    from reviews.services.cases import case_open, default_rubric

    kwargs.setdefault("rubric", default_rubric("practice"))
    return case_open(owner=owner, title=title, language=language, **kwargs)


def practice_call(**kwargs):
    from datetime import timedelta

    from practices.models import PracticeCall
    from reviews.services.cases import default_rubric

    now = timezone.now()
    defaults = {
        "title": "Call for practices on labour exploitation in fishing",
        "description": "Practices that protect fishers.",
        "opens": now - timedelta(days=10),
        "deadline": now + timedelta(days=20),
        "rubric": default_rubric("practice"),
    }
    return PracticeCall.objects.create(**{**defaults, **kwargs})


def complete_practice(*, membership=None, language="fr", call=None, **overrides):
    """A draft ready to submit, written by a member of its organisation."""
    from portal.taxonomy.models import Country, Theme
    from practices.services import practice_create

    membership = membership or MembershipFactory(organization__verified=True)
    fields = {
        "title": "Refuges communautaires pour les survivantes",
        "summary": "Un réseau de refuges gérés par des survivantes.",
        "description": "Le projet a ouvert trois refuges en 2021.",
        "results": "420 personnes accompagnées entre 2021 et 2023.",
        "scope": "national",
        "implementation_status": "completed",
        "no_victim_data": True,
        "countries": [Country.objects.get(code="MA")],
        "themes": [Theme.objects.get(slug="victim-services")],
        **overrides,
    }
    return practice_create(
        actor=membership.user, organization=membership.organization, original_language=language, call=call, **fields
    )


def published_practice(editor, **overrides):
    """A practice taken through submission, review (decided without reviewers) and publication."""
    from practices.services import practice_publish, practice_send_to_review, practice_submit
    from reviews.services.decisions import decision_make

    practice = complete_practice(**overrides)
    practice_submit(practice=practice, actor=practice.submitted_by)
    practice_send_to_review(practice=practice, actor=editor)
    practice.refresh_from_db()
    decision_make(case=practice.review_case, outcome="accept", letter="", actor=editor, force_note="test")
    return practice_publish(practice=practice, actor=editor)
