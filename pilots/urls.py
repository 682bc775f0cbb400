from django.urls import path

from . import views

app_name = "pilots"

urlpatterns = [
    path("", views.pilot_list, name="pilot-list"),
    path("new/", views.pilot_register, name="pilot-new"),
    path("<int:pk>/", views.pilot_detail, name="pilot-detail"),
    path("<int:pk>/milestones/", views.milestone_add, name="milestone-add"),
    path("<int:pk>/milestones/reached/", views.milestone_reach, name="milestone-reach"),
    path("<int:pk>/indicators/", views.indicator_add, name="indicator-add"),
    path("<int:pk>/indicators/measured/", views.indicator_measure, name="indicator-measure"),
    path("<int:pk>/check-ins/", views.check_in, name="check-in"),
    path("<int:pk>/corrections/", views.correction_add, name="correction-add"),
    path("<int:pk>/corrections/answer/", views.correction_answer, name="correction-answer"),
    path("<int:pk>/<slug:action>/", views.pilot_action, name="pilot-action"),
]
