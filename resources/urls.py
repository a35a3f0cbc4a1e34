from django.urls import path

from resources import views

app_name = "resources"

urlpatterns = [
    path("", views.resource_list, name="list"),
    path("new/", views.resource_new, name="new"),
    path("<int:pk>/", views.resource_detail, name="detail"),
    path("<int:pk>/<slug:transition>/", views.resource_transition, name="transition"),
]
