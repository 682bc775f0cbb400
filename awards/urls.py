from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("nominations/", views.nomination_list, name="nomination-list"),
    path("nominations/new/", views.nomination_create, name="nomination-create"),
    path("nominations/queue/", views.nomination_queue, name="nomination-queue"),
    path(
        "nominations/cover-request.docx",
        views.batch_document,
        {"document": "cover"},
        name="dossier-cover-request",
    ),
    path("nominations/list.docx", views.batch_document, {"document": "list"}, name="dossier-list"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination-detail"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination-edit"),
    path(
        "nominations/<int:pk>/cover-request.docx",
        views.nomination_document,
        {"document": "cover"},
        name="nomination-cover-request",
    ),
    path(
        "nominations/<int:pk>/list.docx",
        views.nomination_document,
        {"document": "list"},
        name="nomination-list-docx",
    ),
    path(
        "nominations/<int:pk>/achievement-report.docx",
        views.achievement_report,
        name="nomination-achievement-report",
    ),
    path("nominations/<int:pk>/attachments/", views.attachment_add, name="nomination-attachment-add"),
    path(
        "nominations/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="nomination-attachment-download",
    ),
    path(
        "nominations/<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="nomination-attachment-remove",
    ),
    path("nominations/<int:pk>/posting/", views.posting_record, name="nomination-posting"),
    path("nominations/<int:pk>/<str:action>/", views.nomination_action, name="nomination-action"),
    path("export/", views.export, name="export"),
]
