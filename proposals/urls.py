from django.urls import path

from discussions.views import comment_view

from . import views
from .models import Proposal

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="proposal-list"),
    path("new/", views.proposal_create, name="proposal-new"),
    path("opinions/", views.opinion_queue, name="opinion-queue"),
    path("<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="proposal-edit"),
    path("<int:pk>/comments/", comment_view(Proposal), name="proposal-comment"),
    path("<int:pk>/nd73/", views.innovation_register, name="innovation-register"),
    path("<int:pk>/nd73/<slug:action>/", views.innovation_step, name="innovation-step"),
    path("<int:pk>/<slug:action>/", views.proposal_action, name="proposal-action"),
]
