from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from .selectors import notifications_for
from .services import notifications_mark_all_read


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "notifications/list.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return notifications_for(self.request.user)


@login_required
@require_POST
def mark_all_read(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notification(s) marked as read.") % {"count": count})
    return redirect("notifications:list")
