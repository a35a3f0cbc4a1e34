from django.urls import path

from portal.site import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("countries/", views.countries, name="countries"),
    path("countries/<str:code>/", views.country_profile, name="country"),
    path("regions/<slug:slug>/", views.region_profile, name="region"),
    path("statistics/", views.statistics, name="statistics"),
]
