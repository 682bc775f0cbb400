from django.utils.translation import gettext_lazy as _

from thiduaportal.registry import register_nav, register_object_links, register_panel

from .selectors import pilot_list_for, supervised_pilots_for, team_pilots_for

register_nav(label=_("Pilots"), url_name="pilots:pilot-list", order=27)


def pilots_panel(request, today):
    supervised = supervised_pilots_for(request.user, today)
    team = team_pilots_for(request.user, today)
    if not supervised and not team:
        return None
    return {"supervised": supervised, "team": team}


register_panel(template="pilots/panels/pilots.html", order=27, context=pilots_panel)


def idea_links(user, idea):
    """On an idea's page: the unit pilots chosen from it."""
    return [
        (_("Unit pilot: %(title)s") % {"title": p.title}, p.get_absolute_url())
        for p in pilot_list_for(user).filter(idea=idea).order_by("pk")
    ]


register_object_links(model="ideas.Idea", links=idea_links)
