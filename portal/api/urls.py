from django.urls import path

from portal.accounts.api import MeView, TokenView
from portal.api.views import ApiRootView
from portal.taxonomy.api import TaxonomyListView

app_name = "api"

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("taxonomy/<str:kind>/", TaxonomyListView.as_view(), name="taxonomy"),
]
