from accounts.responsibility import unit_tree
from accounts.selectors import roles_of
from thiduaportal.registry import register_panel

from .selectors import deadline_kinds_for, upcoming_deadlines


def deadlines_panel(request, today):
    user = request.user
    roles = roles_of(user)
    unit_ids = None
    if not roles.is_committee:
        unit_ids = set(roles.supervised)
        if user.unit_id:
            # A deadline set for a unit applies to its sub-units: look upwards from the person's unit.
            unit_ids |= {user.unit_id, *unit_tree().ancestors(user.unit_id)}
    deadlines = upcoming_deadlines(today=today, unit_ids=unit_ids, kinds=deadline_kinds_for(roles))
    return {"deadlines": deadlines, "today": today}


register_panel(template="movement/panels/deadlines.html", order=90, context=deadlines_panel)
