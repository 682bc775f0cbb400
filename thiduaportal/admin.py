"""Django's admin site behind the portal's own sign-in.

People sign in on the portal's page (with its throttle and second step), never on the admin's own
login form. With ADMIN_REQUIRES_TWO_STEP on (always in production), the admin opens only to a
session verified with a two-step code: a stolen password alone does not reach it.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _


def two_step_verified(request) -> bool:
    return not settings.ADMIN_REQUIRES_TWO_STEP or request.user.is_verified()


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and two_step_verified(request)

    def login(self, request, extra_context=None):
        target = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(target, reverse("login"))
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        if not two_step_verified(request):
            messages.info(request, _("The administration needs two-step verification. Confirm a code first."))
            return redirect(f"{reverse('two-step')}?{urlencode({REDIRECT_FIELD_NAME: target})}")
        return redirect(target)
