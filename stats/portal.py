from django.utils.translation import gettext_lazy as _

from accounts.permissions import is_committee
from thiduaportal.registry import register_nav

register_nav(label=_("Statistics"), url_name="stats:statistics", order=60, visible=is_committee)
