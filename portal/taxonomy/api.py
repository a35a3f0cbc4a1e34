from django.http import Http404
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from portal.taxonomy.models import Country, ExploitationForm, Region, Sector, TargetGroup, Theme


def slugs(model):
    """A writable list of taxonomy terms (or any model with a slug) given by slug."""
    return serializers.SlugRelatedField(slug_field="slug", many=True, queryset=model.objects.all(), required=False)


def country_codes():
    """A writable list of countries given by ISO 3166-1 alpha-2 code."""
    return serializers.SlugRelatedField(slug_field="code", many=True, queryset=Country.objects.all(), required=False)


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Region
        fields = ["slug", "name", "m49", "parent"]


class CountrySerializer(serializers.ModelSerializer):
    subregion = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region = serializers.SerializerMethodField()

    class Meta:
        model = Country
        fields = ["code", "name", "m49", "region", "subregion"]

    def get_region(self, country) -> str | None:
        region = country.region
        return region.slug if region else None


class ThemeSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Theme
        fields = ["slug", "name", "parent"]


class TaxonomyTermSchema(serializers.Serializer):
    """For the schema only: one shape covering every kind (regions, countries, themes, other terms)."""

    slug = serializers.CharField(required=False, help_text="Regions, themes and other terms.")
    code = serializers.CharField(required=False, help_text="Countries: ISO 3166-1 alpha-2.")
    name = serializers.CharField()
    m49 = serializers.CharField(required=False, allow_null=True, help_text="Regions and countries.")
    parent = serializers.CharField(required=False, allow_null=True, help_text="Regions and themes: the parent's slug.")
    region = serializers.CharField(required=False, allow_null=True, help_text="Countries.")
    subregion = serializers.CharField(required=False, allow_null=True, help_text="Countries.")


def term_serializer(term_model):
    return type(
        "%sSerializer" % term_model.__name__,
        (serializers.ModelSerializer,),
        {"Meta": type("Meta", (), {"model": term_model, "fields": ["slug", "name"]})},
    )


KINDS = {
    "regions": (Region.objects.select_related("parent"), RegionSerializer),
    "countries": (Country.objects.select_related("subregion__parent").order_by("code"), CountrySerializer),
    "themes": (Theme.objects.select_related("parent"), ThemeSerializer),
    "exploitation-forms": (ExploitationForm.objects.all(), term_serializer(ExploitationForm)),
    "target-groups": (TargetGroup.objects.all(), term_serializer(TargetGroup)),
    "sectors": (Sector.objects.all(), term_serializer(Sector)),
}


class TaxonomyListView(generics.ListAPIView):
    """Controlled vocabularies, names in the requested language (`?lang=`), falling back to English."""

    permission_classes = [AllowAny]
    filter_backends = []

    def _kind(self):
        kind = KINDS.get(self.kwargs["kind"])
        if kind is None:
            raise Http404("Unknown taxonomy. Use one of: %s." % ", ".join(KINDS))
        return kind

    def get_queryset(self):
        return self._kind()[0].all()

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):
            return TaxonomyTermSchema
        return self._kind()[1]
