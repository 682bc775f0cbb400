from django.utils.translation import gettext_lazy as _

from thiduaportal.registry import register_nav, register_panel

from .permissions import may_see_navigation
from .selectors import waiting_for


def waiting_panel(request, today):
    meetings = waiting_for(request.user)
    return {"meetings": meetings} if meetings else None


register_nav(label=_("Councils"), url_name="councils:council-list", order=35, visible=may_see_navigation)
register_panel(template="councils/panels/waiting.html", order=35, context=waiting_panel)
