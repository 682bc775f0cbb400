from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from thiduaportal.fields import SingleLineField


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The username or password is not correct. Both are case-sensitive; please check and try again."
        ),
        "inactive": _("This account has been deactivated. Please contact your unit's administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets max_length after the field is built, so nothing enforces it: a
        # longer username would reach authenticate() and the throttle's records.
        username = self.fields["username"]
        username.validators.append(
            MaxLengthValidator(
                username.max_length, message=_("A username has at most %(limit_value)d characters.")
            )
        )
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "class": "form-control"})
        self.fields["password"].widget.attrs.update(
            {"autocomplete": "current-password", "class": "form-control"}
        )


class CodeForm(forms.Form):
    """A code from the authenticator app (six digits) or a recovery code."""

    code = SingleLineField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).replace("-", "")
        if not code.isalnum():
            raise forms.ValidationError(_("Enter the code with letters and digits only."))
        return code


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, with links built from PORTAL_BASE_URL: the request's Host header is
    never used (a forged Host must not put an attacker's site into the e-mail)."""

    def save(self, **kwargs):
        base = urlsplit(settings.PORTAL_BASE_URL)
        kwargs["domain_override"] = base.netloc
        kwargs["use_https"] = base.scheme == "https"
        kwargs["extra_email_context"] = {
            **(kwargs.get("extra_email_context") or {}),
            "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
        }
        return super().save(**kwargs)
