from django.utils.translation import gettext_lazy as _

from thiduaportal.registry import register_nav

register_nav(label=_("Dashboard"), url_name="dashboard", order=0)
register_nav(label=_("Administration"), url_name="admin:index", order=100, visible=lambda user: user.is_staff)
