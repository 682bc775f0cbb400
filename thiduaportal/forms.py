"""Form building blocks every app's workflow shares: the form of one workflow action, shaped by its
move in the app's transition table, and the dialogs a detail page offers.

A move that needs a comment makes the comment required; a move that records a decision adds the
decision fields; a move that needs a comment, records a decision or cannot be undone opens a dialog
(the template says what will happen). Templates never decide this themselves.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError


class MoveLike(Protocol):
    @property
    def needs_comment(self) -> bool: ...

    @property
    def needs_decision(self) -> bool: ...

    @property
    def irreversible(self) -> bool: ...


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form: on its field where the form has one, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def asks_first(move: MoveLike) -> bool:
    """The action opens a dialog: for its comment, its decision, or a confirmation."""
    return move.needs_comment or move.needs_decision or move.irreversible


class WorkflowActionForm(forms.Form):
    """The input of one workflow action. Subclasses declare `comment` and the decision fields."""

    decision_fields: tuple[str, ...] = ()
    required_decision_fields: tuple[str, ...] = ()
    # Its HTML follows from its fields alone: `{% form_fields %}` may render it once per process.
    cache_rendering = True

    def __init__(self, *args: Any, action: str, move: MoveLike, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"dlg-{action}-%s")
        super().__init__(*args, **kwargs)
        self.action = action
        self.move = move
        self.fields["comment"].required = move.needs_comment
        self.order_fields([*self.decision_fields, "comment"])  # the comment comes last
        for name in self.decision_fields:
            if not move.needs_decision:
                del self.fields[name]
            elif name in self.required_decision_fields:
                self.fields[name].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token


@dataclass(frozen=True)
class Dialog:
    action: str
    move: MoveLike
    form: WorkflowActionForm  # inside the dialog
    inline_form: WorkflowActionForm  # the same, shown in place when scripts are off


def dialogs(
    form_class: Callable[..., WorkflowActionForm],
    actions: Iterable[str],
    moves: Mapping[str, MoveLike],
    *,
    bound: WorkflowActionForm | None = None,
    **form_kwargs: Any,
) -> list[Dialog]:
    """The dialogs of the given (allowed) actions that ask first, in their order; `bound` is the
    refused form of one of them, shown again with its values and errors."""
    out = []
    for action in actions:
        move = moves.get(action)
        if move is None or not asks_first(move):
            continue
        form = bound if bound is not None and bound.action == action else None
        out.append(
            Dialog(
                action=action,
                move=move,
                form=form or form_class(action=action, move=move, **form_kwargs),
                inline_form=form_class(action=action, move=move, auto_id=f"ns-{action}-%s", **form_kwargs),
            )
        )
    return out
