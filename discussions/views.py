"""The comment form's endpoint, made per model by the owning app's URLconf, and the thread block
its detail page shows. A refused comment goes back to the page with its text kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from thiduaportal.actions import post_only

from . import services
from .forms import CommentForm
from .policies import policy_for
from .selectors import thread_for


def _draft_key(target):
    return f"comment-draft:{target._meta.label_lower}:{target.pk}"


def thread_block(request, target, post_url):
    """The context of discussions/thread.html for the object's page (nothing if the person takes no
    part in its thread); `post_url` is the object's comment_view route."""
    thread = thread_for(request.user, target)
    if thread is None:
        return {"thread": None}
    draft = request.session.pop(_draft_key(target), None)
    form = CommentForm(audiences=thread.audiences, initial=draft or None)
    return {"thread": thread, "comment_form": form, "comment_url": post_url}


def _refused(request, target, errors):
    request.session[_draft_key(target)] = {name: request.POST.get(name, "") for name in ("body", "audience")}
    messages.error(request, " ".join(errors))


def _posted(request, posted):
    messages.success(request, _("Your comment was added."))
    if posted.not_told:
        names = ", ".join(f"@{name}" for name in posted.not_told)
        messages.warning(
            request, _("Not notified (not in this thread, or unknown): %(names)s") % {"names": names}
        )


def comment_view(model):
    """The view that posts a comment on an object of `model` (GET leads to the object's page)."""

    def target_page(request, pk):
        return policy_for(model).get_for(request.user, pk)

    @login_required
    @post_only(target_page)
    def post_comment(request, pk):
        target = target_page(request, pk)
        audiences = policy_for(model).audiences(request.user, target)
        if not audiences:
            raise PermissionDenied
        form = CommentForm(request.POST, audiences=audiences)
        if not form.is_valid():
            _refused(request, target, [error for errors in form.errors.values() for error in errors])
        else:
            try:
                _posted(request, services.comment_post(target=target, by=request.user, **form.cleaned_data))
            except ValidationError as error:
                _refused(request, target, error.messages)
        return redirect(f"{target.get_absolute_url()}#comments")

    return post_comment
