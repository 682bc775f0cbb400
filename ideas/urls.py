from django.urls import path

from discussions.views import comment_view

from . import views
from .models import Idea

app_name = "ideas"

urlpatterns = [
    path("", views.idea_list, name="idea-list"),
    path("new/", views.idea_create, name="idea-new"),
    path("review/", views.review_queue, name="review-queue"),
    path("similar/", views.similar_ideas, name="idea-similar"),
    path("<int:pk>/", views.idea_detail, name="idea-detail"),
    path("<int:pk>/edit/", views.idea_edit, name="idea-edit"),
    path("<int:pk>/progress/", views.idea_progress, name="idea-progress"),
    path("<int:pk>/relate/", views.idea_relate, name="idea-relate"),
    path("<int:pk>/invitation/<slug:answer>/", views.invitation_answer, name="invitation-answer"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment-add"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment-download"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/remove/", views.attachment_remove, name="attachment-remove"
    ),
    path("<int:pk>/comments/", comment_view(Idea), name="idea-comment"),
    path("<int:pk>/<slug:action>/", views.idea_action, name="idea-action"),
]
