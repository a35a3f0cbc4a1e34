from django.urls import path

from practices import views

app_name = "practices"

urlpatterns = [
    path("", views.practice_list, name="list"),
    path("calls/", views.call_list, name="calls"),
    path("calls/<int:pk>/dashboard/", views.call_dashboard, name="dashboard"),
    path("mine/", views.my_practices, name="mine"),
    path("new/", views.practice_new, name="new"),
    path("translations/", views.translation_coverage, name="coverage"),
    path("<int:pk>/", views.practice_detail, name="detail"),
    path("<int:pk>/edit/", views.practice_edit, name="edit"),
    path("<int:pk>/versions/", views.practice_versions, name="versions"),
    path("<int:pk>/pdf/", views.practice_pdf_download, name="pdf"),
    path("<int:pk>/attachments/", views.practice_attach, name="attach"),
    path("<int:pk>/translate/<str:language>/", views.practice_translation, name="translate"),
    path("<int:pk>/<slug:transition>/", views.practice_transition, name="transition"),
    path("findings/<int:pk>/clear/", views.finding_clear, name="clear_finding"),
    path("review-files/<int:assignment_pk>/<int:attachment_pk>/", views.review_file, name="review_file"),
]
