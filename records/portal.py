from django.utils.translation import gettext_lazy as _

from thiduaportal.registry import register_nav

# Everyone has a record: heads and the committee land on their people's list, staff on their own.
register_nav(label=_("Records"), url_name="records:person-list", order=50)
