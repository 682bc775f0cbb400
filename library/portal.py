from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thiduaportal.registry import register_nav, register_object_links, register_panel

from .permissions import may_view
from .selectors import may_start_summary, practice_of, waiting_for_head

register_nav(label=_("Library"), url_name="library:practice-list", order=28)


def approval_panel(request, today):
    waiting = waiting_for_head(request.user)
    return {"waiting": waiting} if waiting else None


register_panel(template="library/panels/approval.html", order=28, context=approval_panel)


def source_links(user, source):
    """On a recognised idea's or an effective pilot's page: its practice in the library, or the
    authors' invitation to write its public summary."""
    practice = practice_of(source)
    if practice is not None:
        return (
            [(_("In the library: %(title)s") % {"title": practice.title}, practice.get_absolute_url())]
            if may_view(user, practice)
            else []
        )
    if may_start_summary(user, source):
        name = "library:idea-summary" if source._meta.model_name == "idea" else "library:pilot-summary"
        return [(_("Write its summary for the library"), reverse(name, args=[source.pk]))]
    return []


register_object_links(model="ideas.Idea", links=source_links)
register_object_links(model="pilots.Pilot", links=source_links)
