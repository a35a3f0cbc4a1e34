from django.urls import include, path
from rest_framework.routers import SimpleRouter

from campaigns.api import CampaignCalendarView, CampaignViewSet, EventsCalendarView
from grants.api import GrantCallViewSet, GrantViewSet, ProposalViewSet
from network.api import OrganisationViewSet
from portal.accounts.api import MeView, TokenView
from portal.api.views import ApiRootView
from portal.site.api import SearchView
from portal.taxonomy.api import TaxonomyListView
from practices.api import PracticeCallViewSet, PracticeViewSet
from resources.api import ResourceViewSet
from reviews.api import AssignmentViewSet, ReviewCaseViewSet

router = SimpleRouter()
router.register("practice-calls", PracticeCallViewSet, basename="practice-call")
router.register("practices", PracticeViewSet, basename="practice")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("review-cases", ReviewCaseViewSet, basename="review-case")
router.register("grant-calls", GrantCallViewSet, basename="grant-call")
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("grants", GrantViewSet, basename="grant")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("resources", ResourceViewSet, basename="resource")
router.register("organisations", OrganisationViewSet, basename="organisation")

app_name = "api"

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("search/", SearchView.as_view(), name="search"),
    path("taxonomy/<str:kind>/", TaxonomyListView.as_view(), name="taxonomy"),
    path("events.ics", EventsCalendarView.as_view(), name="events-calendar"),
    path("campaigns/<int:pk>/calendar.ics", CampaignCalendarView.as_view(), name="campaign-calendar"),
    path("", include(router.urls)),
]
