from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin with the portal's site class (thiduaportal/admin.py) as `admin.site`."""

    default_site = "thiduaportal.admin.PortalAdminSite"
