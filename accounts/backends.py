"""Django's model backend, reading the signed-in person together with their unit: every page's
header names the unit (the role label), so reading it with the person saves a query per page."""

from django.contrib.auth.backends import ModelBackend

from .models import User


class PortalModelBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("unit").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
