from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Units and people")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .middleware import session_started
        from .models import Unit, UnitLineage, User
        from .responsibility import tree_changed

        user_logged_in.connect(session_started, dispatch_uid="accounts.session_started")
        # Not domain logic: they only tell the processes that keep a unit tree to read it again.
        for model in (Unit, UnitLineage, User):
            post_save.connect(tree_changed, sender=model, dispatch_uid=f"accounts.tree.save.{model.__name__}")
            post_delete.connect(
                tree_changed, sender=model, dispatch_uid=f"accounts.tree.delete.{model.__name__}"
            )
        for through in (Unit.deputies.through, User.groups.through):
            m2m_changed.connect(
                tree_changed, sender=through, dispatch_uid=f"accounts.tree.m2m.{through.__name__}"
            )
