from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="proposal-list"),
    path("new/", views.proposal_create, name="proposal-new"),
    path("opinions/", views.opinion_queue, name="opinion-queue"),
    path("<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("<int:pk>/<slug:action>/", views.proposal_action, name="proposal-action"),
]
