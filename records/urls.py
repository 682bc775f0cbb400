from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("units/", views.unit_list, name="unit-list"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("people/<int:pk>/add/<slug:kind>/", views.person_entry_add, name="person-entry-add"),
    path("units/<int:pk>/add/<slug:kind>/", views.unit_entry_add, name="unit-entry-add"),
    path("entries/<slug:kind>/<int:pk>/edit/", views.entry_edit, name="entry-edit"),
    path("entries/<slug:kind>/<int:pk>/remove/", views.entry_remove, name="entry-remove"),
    path("import/", views.import_records, name="import"),
    path("rules/", views.rule_sets, name="rule-sets"),
]
