from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The username or password is not correct. Both are case-sensitive; please check and try again."
        ),
        "inactive": _("This account has been deactivated. Please contact your unit's administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "class": "form-control"})
        self.fields["password"].widget.attrs.update(
            {"autocomplete": "current-password", "class": "form-control"}
        )
