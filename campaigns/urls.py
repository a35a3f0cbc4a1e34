from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("materials/", views.material_library, name="library"),
    path("materials/<int:pk>/download/", views.material_download, name="download"),
    path("calendar/", views.calendar, name="calendar"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/materials/new/", views.material_new, name="material_new"),
    path("<int:pk>/events/new/", views.event_new, name="event_new"),
    path("<int:pk>/reach/new/", views.reach_new, name="reach_new"),
    path("<int:pk>/join/", views.campaign_join, name="join"),
    path("<int:pk>/partners/<int:organization_pk>/<slug:decision>/", views.partner_decide, name="partner_decide"),
    path("<int:pk>/<slug:transition>/", views.campaign_publication, name="publication"),
]
