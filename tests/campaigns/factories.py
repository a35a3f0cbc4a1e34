from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns.demo import tiny_pdf, tiny_png
from campaigns.models import Campaign, Event, ReachFigure
from tests.factories import OrganizationFactory, UserFactory


class CampaignManagerFactory(UserFactory):
    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        for role in extracted or ["campaign_manager"]:
            self.groups.add(Group.objects.get(name=role))
        if create:
            self.save()


class CampaignFactory(factory.django.DjangoModelFactory):
    """A campaign active today, written in English; traits for publication and the other date states."""

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    name_en = factory.Sequence(lambda n: "Campaign %d" % n)
    summary_en = "Young people learn to spot recruitment lures."
    original_language = "en"
    audiences = factory.LazyFunction(lambda: ["young_people"])
    lead_organization = factory.SubFactory(OrganizationFactory)
    starts = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    ends = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    hashtag = "#StartFreedom"
    created_by = factory.SubFactory(CampaignManagerFactory)

    class Params:
        published_now = factory.Trait(published=True, published_at=factory.LazyFunction(timezone.now))
        planned = factory.Trait(
            starts=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=5)),
            ends=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=40)),
        )
        ended = factory.Trait(
            starts=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60)),
            ends=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1)),
        )

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    campaign = factory.SubFactory(CampaignFactory, published_now=True)
    title = factory.Sequence(lambda n: "Football tournament %d" % n)
    kind = "sports_tournament"
    starts = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    ends = factory.LazyAttribute(lambda event: event.starts + timedelta(hours=6))
    place = "Johannesburg"
    created_by = factory.SelfAttribute("campaign.created_by")


class ReachFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReachFigure

    campaign = factory.SubFactory(CampaignFactory, published_now=True)
    metric = "participants"
    value = 100
    period_start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    period_end = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SelfAttribute("campaign.created_by")


def pdf_upload(name="lesson.pdf", text="Lesson plan"):
    return SimpleUploadedFile(name, tiny_pdf(text), content_type="application/pdf")


def png_upload(name="poster.png"):
    return SimpleUploadedFile(name, tiny_png(), content_type="image/png")
