from django.urls import path

from portal.site import search, views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search.search_page, name="search"),
    path("search/feed.rss", search.SearchFeed(), name="search_rss"),
    path("search/feed.atom", search.SearchAtomFeed(), name="search_atom"),
    path("countries/", views.countries, name="countries"),
    path("countries/<str:code>/", views.country_profile, name="country"),
    path("regions/<slug:slug>/", views.region_profile, name="region"),
    path("statistics/", views.statistics, name="statistics"),
]
