from django.utils.translation import gettext_lazy as _

from thiduaportal.registry import register_nav, register_panel

from .selectors import supervised_pilots_for, team_pilots_for

register_nav(label=_("Pilots"), url_name="pilots:pilot-list", order=27)


def pilots_panel(request, today):
    supervised = supervised_pilots_for(request.user, today)
    team = team_pilots_for(request.user, today)
    if not supervised and not team:
        return None
    return {"supervised": supervised, "team": team}


register_panel(template="pilots/panels/pilots.html", order=27, context=pilots_panel)
