from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("<int:pk>/open/", views.open_notification, name="open"),
]
