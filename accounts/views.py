"""Sign-in (with the second step), the person's account page, password reset and two-step setup.

Django's auth views do the work; these add the second step and the portal's rules around them.
"""

import base64
from io import BytesIO

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from thiduaportal.actions import post_only

from . import selectors, services
from .forms import CodeForm, PasswordResetRequestForm, SignInForm
from .models import User
from .permissions import may_use_two_step, role_labels

# Between the password and the code: who, through which backend, since when, where to go next.
PENDING_SIGN_IN = "portal_pending_sign_in"
PENDING_SIGN_IN_SECONDS = 300
CODE_TRIES = 5
NEW_RECOVERY_CODES = "portal_new_recovery_codes"


def _safe_next(request, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


class SignInView(auth_views.LoginView):
    """The password step; a person with two-step verification continues to the code step."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not selectors.two_step_enrolled(user):
            return super().form_valid(form)
        self.request.session[PENDING_SIGN_IN] = {
            "user": user.pk,
            "backend": user.backend,
            "at": timezone.now().timestamp(),
            "next": self.get_redirect_url(),
            "tries": 0,
        }
        return redirect("login-code")


def _pending_user(request) -> User | None:
    pending = request.session.get(PENDING_SIGN_IN)
    if not pending or timezone.now().timestamp() - pending["at"] > PENDING_SIGN_IN_SECONDS:
        request.session.pop(PENDING_SIGN_IN, None)
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    """The second step: a code from the authenticator app or a recovery code."""
    user = _pending_user(request)
    if user is None:
        messages.info(request, _("Please sign in with your username and password first."))
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.two_step_verify(user=user, code=form.cleaned_data["code"])
        pending = request.session[PENDING_SIGN_IN]
        if device is not None:
            del request.session[PENDING_SIGN_IN]
            auth_login(request, user, backend=pending["backend"])
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(left)d left. Each code works only once.")
                    % {"left": selectors.recovery_codes_left(user)},
                )
            return redirect(_safe_next(request, pending["next"]) or settings.LOGIN_REDIRECT_URL)
        pending["tries"] += 1
        request.session.modified = True
        if pending["tries"] >= CODE_TRIES:
            del request.session[PENDING_SIGN_IN]
            messages.error(request, _("Too many wrong codes. Please sign in again."))
            return redirect("login")
        form.add_error(
            "code",
            _("The code is not correct or has expired. Wait for the next code of your app and try again."),
        )
    return render(request, "registration/sign_in_code.html", {"form": form})


@login_required
def account(request):
    """The person's own account: who they are, and the ways to keep it safe."""
    user = request.user
    context = {
        "roles": role_labels(user),
        "may_use_two_step": may_use_two_step(user),
        "leader_or_manager": selectors.is_leader_or_manager(user),
    }
    if context["may_use_two_step"]:
        context["two_step_on"] = selectors.two_step_enrolled(user)
    return render(request, "registration/account.html", context)


class PasswordResetRequestView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the e-mailed link also lifts a sign-in lock on the account."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.sign_in_failures_forget(username=form.user.get_username())
        return response


password_reset = PasswordResetRequestView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete"))


# Two-step verification -------------------------------------------------------------------------


def _two_step_allowed(request):
    if not may_use_two_step(request.user):
        raise PermissionDenied


def _two_step_page(request):
    _two_step_allowed(request)
    return "two-step"


def _qr_data_uri(text: str) -> str:
    """A QR code drawn here (SVG), as a data: URI for an <img>: nothing is sent to another site."""
    buffer = BytesIO()
    qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def two_step(request):
    """State of two-step verification; an enrolled person whose session is not verified yet (the
    admin asks for it) confirms a code here."""
    _two_step_allowed(request)
    user = request.user
    enrolled = selectors.two_step_enrolled(user)
    asked = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    target = _safe_next(request, asked)
    form = CodeForm(request.POST or None) if enrolled and not user.is_verified() else None
    if request.method == "POST" and form is not None and form.is_valid():
        device = services.two_step_verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            messages.success(request, _("Code confirmed."))
            return redirect(target or "two-step")
        form.add_error("code", _("The code is not correct or has expired."))
    context = {
        "enrolled": enrolled,
        "form": form,
        "next": target,
        "codes_left": selectors.recovery_codes_left(user) if enrolled else 0,
        "required_for_admin": user.is_staff and settings.ADMIN_REQUIRES_TWO_STEP,
    }
    return render(request, "registration/two_step.html", context)


@login_required
@post_only(_two_step_page)
def two_step_start(request):
    _two_step_allowed(request)
    try:
        services.two_step_start(user=request.user)
    except services.TwoStepError as error:
        messages.error(request, str(error))
        return redirect("two-step")
    return redirect("two-step-setup")


@login_required
@require_http_methods(["GET", "POST"])
def two_step_setup(request):
    """The QR code and the key of the authenticator being set up, and the code that confirms it."""
    _two_step_allowed(request)
    device = selectors.two_step_setup_device(request.user)
    if device is None:
        return redirect("two-step")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.two_step_confirm(device=device, code=form.cleaned_data["code"])
        except services.TwoStepError as error:
            form.add_error("code", str(error))
        else:
            django_otp.login(request, device)
            request.session[NEW_RECOVERY_CODES] = codes
            messages.success(request, _("Two-step verification is on. Signing in will now ask for a code."))
            return redirect("two-step-codes")
    key = base64.b32encode(device.bin_key).decode()
    response = render(
        request,
        "registration/two_step_setup.html",
        {
            "form": form,
            "qr_code": _qr_data_uri(device.config_url),
            "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
        },
    )
    add_never_cache_headers(response)
    return response


@login_required
def two_step_codes(request):
    """New recovery codes, shown once."""
    _two_step_allowed(request)
    codes = request.session.pop(NEW_RECOVERY_CODES, None)
    if not codes:
        return redirect("two-step")
    response = render(request, "registration/two_step_codes.html", {"codes": codes})
    add_never_cache_headers(response)
    return response


def _verified_or_back(request):
    """Changing two-step settings needs a session confirmed with a code (not only a password)."""
    if request.user.is_verified():
        return None
    messages.error(request, _("Confirm a code first."))
    return redirect("two-step")


@login_required
@post_only(_two_step_page)
def two_step_codes_renew(request):
    _two_step_allowed(request)
    refusal = _verified_or_back(request)
    if refusal:
        return refusal
    try:
        request.session[NEW_RECOVERY_CODES] = services.two_step_recovery_codes_renew(user=request.user)
    except services.TwoStepError as error:
        messages.error(request, str(error))
        return redirect("two-step")
    return redirect("two-step-codes")


@login_required
@post_only(_two_step_page)
def two_step_disable(request):
    _two_step_allowed(request)
    refusal = _verified_or_back(request)
    if refusal:
        return refusal
    services.two_step_disable(user=request.user)
    messages.success(request, _("Two-step verification is off. Signing in asks for your password only."))
    return redirect("two-step")


# Signing out is a POST (Django's LogoutView); a GET of its address leads back to the dashboard.
logout = login_required(post_only(lambda request: "dashboard")(auth_views.LogoutView.as_view()))
