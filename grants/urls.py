from django.urls import path

from grants import views

app_name = "grants"

urlpatterns = [
    path("", views.call_list, name="calls"),
    path("calls/new/", views.call_new, name="call_new"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:call_pk>/apply/", views.proposal_new, name="apply"),
    path("calls/<int:pk>/screening/", views.screening_list, name="screening"),
    path("calls/<int:pk>/evaluation/", views.evaluation_page, name="evaluation"),
    path("calls/<int:pk>/figures/", views.figures, name="figures"),
    path("proposals/", views.my_proposals, name="mine"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/attachments/", views.proposal_attach, name="proposal_attach"),
    path("proposals/<int:pk>/screen/", views.proposal_screen, name="proposal_screen"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
    path("proposals/<int:pk>/<slug:transition>/", views.proposal_transition, name="proposal_transition"),
    path("screening-checks/<int:pk>/", views.screening_answer, name="screening_answer"),
    path("files/<int:pk>/", views.proposal_file, name="proposal_file"),
    path("board-files/<int:assignment_pk>/<int:attachment_pk>/", views.board_file, name="board_file"),
    path("grants/<int:pk>/", views.grant_detail, name="grant"),
    path("tranches/<int:pk>/pay/", views.tranche_pay, name="tranche_pay"),
    path("reports/<int:pk>/", views.report_edit, name="report"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("projects/", views.project_list, name="projects"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
]
