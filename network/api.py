from django_filters import rest_framework as filters
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny

from network import selectors
from portal.accounts.models import Organization, OrganizationKind


class OrganisationSerializer(serializers.ModelSerializer):
    """Public facts only: never a member or an e-mail address."""

    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    published_practices = serializers.IntegerField(read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "country", "website", "published_practices"]


class OrganisationDetailSerializer(OrganisationSerializer):
    themes = serializers.SerializerMethodField()
    practices = serializers.SerializerMethodField()
    resources = serializers.SerializerMethodField()
    campaigns = serializers.SerializerMethodField()
    funded_projects = serializers.SerializerMethodField()

    class Meta(OrganisationSerializer.Meta):
        fields = [
            *OrganisationSerializer.Meta.fields,
            "themes",
            "practices",
            "resources",
            "campaigns",
            "funded_projects",
        ]

    def _profile(self, organization) -> dict:
        if not hasattr(self, "_profile_cache"):
            self._profile_cache = selectors.organization_profile(organization)
        return self._profile_cache

    def get_themes(self, organization) -> list[str]:
        return [theme.slug for theme in self._profile(organization)["themes"]]

    def get_practices(self, organization) -> list[dict]:
        return [{"id": p.pk, "title": str(p)} for p in self._profile(organization)["practices"]]

    def get_resources(self, organization) -> list[dict]:
        return [{"id": r.pk, "title": str(r), "kind": r.kind} for r in self._profile(organization)["resources"]]

    def get_campaigns(self, organization) -> list[dict]:
        return [{"id": c.pk, "name": str(c)} for c in self._profile(organization)["campaigns"]]

    def get_funded_projects(self, organization) -> list[dict]:
        return [
            {"id": g.pk, "title": g.proposal.title, "starts": g.starts, "ends": g.ends}
            for g in self._profile(organization)["grants"]
        ]


class OrganisationFilter(filters.FilterSet):
    q = filters.CharFilter(method="by_name")
    kind = filters.ChoiceFilter(choices=OrganizationKind.choices)
    country = filters.CharFilter(field_name="country__code", lookup_expr="iexact")
    theme = filters.CharFilter(method="by_theme")

    class Meta:
        model = Organization
        fields = []

    def by_name(self, queryset, name, value):
        return queryset.filter(name__icontains=value)

    def by_theme(self, queryset, name, value):
        ids = selectors.verified_organizations(theme=value).values("pk")
        return queryset.filter(pk__in=ids)


class OrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Verified organisations: kind, country, what they work on and what they share on the portal."""

    lookup_value_regex = r"\d+"
    permission_classes = [AllowAny]
    filterset_class = OrganisationFilter

    def get_queryset(self):
        return selectors.verified_organizations()

    def get_serializer_class(self):
        return OrganisationDetailSerializer if self.action == "retrieve" else OrganisationSerializer
