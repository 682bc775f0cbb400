from django.urls import path

from . import views

app_name = "councils"

urlpatterns = [
    path("", views.council_list, name="council-list"),
    path("new/", views.council_create, name="council-new"),
    path("<int:pk>/", views.council_detail, name="council-detail"),
    path("<int:pk>/members/", views.council_member_add, name="council-member-add"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting-new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/items/", views.meeting_item_add, name="meeting-item-add"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/ballot/", views.meeting_ballot, name="meeting-ballot"),
    path("meetings/<int:pk>/minutes.docx", views.meeting_minutes, name="meeting-minutes"),
    path("meetings/<int:pk>/<slug:action>/", views.meeting_action, name="meeting-action"),
]
