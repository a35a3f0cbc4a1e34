from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.my_assignments, name="assignments"),
    path("roster/", views.roster, name="roster"),
    path("statistics/", views.statistics, name="statistics"),
    path("certificate/", views.certificate, name="certificate"),
    path("roster/apply/", views.roster_apply, name="roster_apply"),
    path("roster/<int:pk>/<slug:decision>/", views.roster_decide, name="roster_decide"),
    path("<int:pk>/", views.assignment_detail, name="assignment"),
    path("<int:pk>/conflict/", views.assignment_conflict, name="conflict"),
    path("<int:pk>/offline/", views.offline_download, name="offline_download"),
    path("<int:pk>/offline/upload/", views.offline_upload, name="offline_upload"),
    path("<int:pk>/<slug:answer>/", views.assignment_answer, name="answer"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/invite/", views.case_invite, name="invite"),
    path("cases/<int:pk>/decide/", views.case_decide, name="decide"),
    path("cases/<int:pk>/discussion/", views.case_comment, name="comment"),
]
