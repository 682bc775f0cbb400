from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.account, name="account"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.sign_in_code, name="login-code"),
    path("logout/", views.logout, name="logout"),
    # Password change (signed in) and reset by e-mail: Django's views, the portal's templates.
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/changed/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Two-step verification (committee and admin users).
    path("two-step/", views.two_step, name="two-step"),
    path("two-step/start/", views.two_step_start, name="two-step-start"),
    path("two-step/setup/", views.two_step_setup, name="two-step-setup"),
    path("two-step/recovery-codes/", views.two_step_codes, name="two-step-codes"),
    path("two-step/recovery-codes/renew/", views.two_step_codes_renew, name="two-step-codes-renew"),
    path("two-step/disable/", views.two_step_disable, name="two-step-disable"),
]
