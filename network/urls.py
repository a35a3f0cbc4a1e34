from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("experts/", views.expert_list, name="experts"),
    path("experts/<int:pk>/", views.expert_detail, name="expert"),
    path("discussions/new/<slug:kind>/<int:pk>/", views.thread_new, name="thread_new"),
    path("discussions/<int:pk>/", views.thread_detail, name="thread"),
    path("discussions/<int:pk>/subscription/", views.thread_subscription, name="subscription"),
    path("discussions/unsubscribe/<str:token>/", views.thread_unsubscribe, name="unsubscribe"),
    path("discussions/<int:pk>/lock/", views.thread_lock, name="lock"),
    path("discussions/posts/<int:pk>/report/", views.post_report, name="report"),
    path("discussions/posts/<int:pk>/hide/", views.post_hide, name="hide"),
    path("discussions/moderation/", views.moderation, name="moderation"),
]
