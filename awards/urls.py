from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("nominations/", views.nomination_list, name="nomination-list"),
    path("nominations/new/", views.nomination_create, name="nomination-create"),
    path("nominations/queue/", views.nomination_queue, name="nomination-queue"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination-detail"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination-edit"),
    path("nominations/<int:pk>/<str:action>/", views.nomination_action, name="nomination-action"),
    path("export/", views.export, name="export"),
    path("rounds/", views.round_list, name="round-list"),
]
