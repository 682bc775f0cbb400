from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("", views.practice_list, name="practice-list"),
    path("<int:pk>/", views.practice_detail, name="practice-detail"),
    path("<int:pk>/summary/", views.practice_edit, name="practice-edit"),
    path("<int:pk>/approve/", views.practice_approve, name="practice-approve"),
    path("<int:pk>/adopt/", views.practice_adopt, name="practice-adopt"),
    path("ideas/<int:pk>/summary/", views.idea_summary, name="idea-summary"),
    path("pilots/<int:pk>/summary/", views.pilot_summary, name="pilot-summary"),
]
