"""Every write to ideas. Each service runs in one transaction; transitions lock the idea's row."""

import datetime
import unicodedata
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from movement.models import Phase
from notifications.services import notify

from . import notices
from .models import Idea, IdeaAttachment, IdeaEvent, ProgressReport, RecognitionLevel, Status
from .permissions import may_recognise, may_view, reviewers, role_allows
from .search import search_text_for
from .workflow import TRANSITIONS, state_allows

CONTENT_FIELDS = (
    "title",
    "summary",
    "problem",
    "problem_source",
    "solution",
    "expected_benefit",
    "topic",
    "scope",
)
MAX_ATTACHMENTS = 5


class WorkflowError(Exception):
    """The idea's state does not allow the action (shown to the person as a message)."""


def _event(
    *,
    idea: Idea,
    by: User,
    action: str,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
    now: datetime.datetime | None = None,
) -> IdeaEvent:
    return IdeaEvent.objects.create(
        idea=idea,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        created_at=now or timezone.now(),
    )


def idea_check(*, idea: Idea, by: User, action: str, state: bool = True) -> None:
    """The one refusal order: the role first (PermissionDenied, a 403), then the state
    (WorkflowError, a message). Views call it before showing a form; services before acting."""
    _check_role(by, idea, action)
    if state:
        _check_state(idea, action)


def _check_state(idea: Idea, action: str) -> None:
    if not state_allows(action, idea.status):
        raise WorkflowError(
            _(
                "This action is no longer possible: the idea is now “%(status)s”. "
                "Someone may have acted on it at the same time; the page shows its current state."
            )
            % {"status": idea.get_status_display()}
        )


def _check_role(user: User, idea: Idea, action: str) -> None:
    if not role_allows(user, idea, action):
        raise PermissionDenied(_("You may not do this with this idea."))


def _lock(idea: Idea) -> Idea:
    """The idea's row only: the unit, the author and the phase stay free for everyone else."""
    return Idea.objects.select_for_update(of=("self",)).select_related("unit").get(pk=idea.pk)


@transaction.atomic
def idea_create(
    *,
    by: User,
    token: uuid.UUID | None = None,
    co_authors: Iterable[User] = (),
    now: datetime.datetime | None = None,
    **fields: Any,
) -> tuple[Idea, bool]:
    """Creates a draft in the author's unit; the same form token twice gives the same idea.

    Returns (idea, created)."""
    if token is not None:
        existing = Idea.objects.filter(creation_token=token, author=by).first()
        if existing is not None:
            return existing, False
    if by.unit_id is None:
        raise ValidationError(_("Your account has no unit yet; ask the administrator to set it."))
    idea = Idea(
        author=by,
        unit_id=by.unit_id,
        creation_token=token,
        created_at=now or timezone.now(),
    )
    for name in CONTENT_FIELDS:
        if name in fields:
            setattr(idea, name, fields[name])
    idea.search_text = search_text_for(idea)
    try:
        with transaction.atomic():
            idea.save()
    except IntegrityError:
        # The other click of a double click won the race: hand back its idea.
        existing = Idea.objects.filter(creation_token=token, author=by).first()
        if existing is None:
            raise
        return existing, False
    idea.co_authors.set([u for u in co_authors if u.pk != by.pk])
    _event(idea=idea, by=by, action="create", to_status=Status.DRAFT, now=now)
    return idea, True


@transaction.atomic
def idea_update(*, idea: Idea, by: User, co_authors: Iterable[User] | None = None, **fields: Any) -> Idea:
    """Edits the content of a draft or returned idea (authors only)."""
    idea = _lock(idea)
    idea_check(idea=idea, by=by, action="edit")
    changed: list[str] = []
    for name in CONTENT_FIELDS:
        if name in fields and getattr(idea, name) != fields[name]:
            setattr(idea, name, fields[name])
            changed.append(name)
    idea.search_text = search_text_for(idea)
    idea.save(update_fields=[*changed, "search_text", "updated_at"])
    if co_authors is not None:
        idea.co_authors.set([u for u in co_authors if u.pk != idea.author_id])
    _event(idea=idea, by=by, action="edit", from_status=idea.status, to_status=idea.status)
    return idea


def _notify(idea: Idea, action: str, by: User, comment: str) -> None:
    """Submitted: its reviewers (the committee when nobody in its units may review it) are told;
    decided: its authors. Recorded in this transaction (the outbox)."""
    if action == "submit":
        answer = reviewers(idea)
        notify(
            recipients=User.objects.filter(pk__in=answer.people),
            kind=notices.SUBMITTED_TO_COMMITTEE if answer.by_committee else notices.SUBMITTED,
            params={"title": idea.title, "person": by.display_name, "unit": idea.unit.name},
            url=idea.get_absolute_url(),
        )
    elif action in notices.DECIDED:
        people = [idea.author, *idea.co_authors.all()]
        notify(
            recipients=[p for p in people if p.pk != by.pk],
            kind=notices.DECIDED[action],
            params={"title": idea.title, "comment": comment},
            url=idea.get_absolute_url(),
        )


@transaction.atomic
def idea_transition(
    *,
    idea: Idea,
    by: User,
    action: str,
    comment: str = "",
    now: datetime.datetime | None = None,
    today: datetime.date | None = None,
    **extra: Any,
) -> Idea:
    """Moves an idea along the workflow: lock, role, state, save, event, notifications.

    Raises PermissionDenied (role), WorkflowError (state) or ValidationError (missing input)."""
    if action not in TRANSITIONS:
        raise PermissionDenied(_("Unknown action."))
    move = TRANSITIONS[action]
    idea = _lock(idea)
    comment = (comment or "").strip()
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    idea_check(idea=idea, by=by, action=action)
    if move.needs_comment and not comment:
        raise ValidationError({"comment": _("Please write a comment explaining this decision.")})
    from_status = idea.status
    idea.status = move.target
    fields = ["status", "updated_at"]
    if action == "submit":
        if by.unit_id is None and idea.author.unit_id is None:
            raise ValidationError(_("The author has no unit yet; ask the administrator to set it."))
        # The unit and phase are fixed at submission: the author's unit, the phase of that day.
        idea.unit_id = idea.author.unit_id or idea.unit_id
        idea.submitted_at = now
        idea.phase = Phase.for_date(today)
        fields += ["unit", "submitted_at", "phase"]
    elif action == "complete":
        idea.result_assessment = comment
        fields.append("result_assessment")
    elif move.needs_decision:
        level = extra.get("level") or ""
        number = (extra.get("decision_number") or "").strip()
        date = extra.get("decision_date")
        errors = {}
        if level not in RecognitionLevel.values:
            errors["level"] = _("Choose the level of recognition.")
        if not number:
            errors["decision_number"] = _("Enter the decision number.")
        if not isinstance(date, datetime.date):
            errors["decision_date"] = _("Enter the decision date.")
        elif date > today:
            errors["decision_date"] = _("The decision date cannot be in the future.")
        if errors:
            raise ValidationError(errors)
        if not may_recognise(by, idea, level):
            raise PermissionDenied(_("You may not recognise this idea at this level."))
        idea.recognition_level = level
        idea.recognition_decision_number = number[:100]
        idea.recognition_decision_date = date
        fields += ["recognition_level", "recognition_decision_number", "recognition_decision_date"]
    idea.save(update_fields=fields)
    _event(
        idea=idea,
        by=by,
        action=action,
        from_status=from_status,
        to_status=idea.status,
        comment=comment,
        now=now,
    )
    _notify(idea, action, by, comment)
    return idea


def idea_save(
    *,
    by: User,
    idea: Idea | None = None,
    token: uuid.UUID | None = None,
    co_authors: Iterable[User] = (),
    uploads: Iterable[tuple[UploadedFile, str]] = (),
    submit: bool = False,
    **content: Any,
) -> tuple[Idea, bool]:
    """Creates (no `idea`) or edits an idea, adds its new attachments and, when asked, submits it,
    all or nothing (files stored on the way are deleted again). Returns (idea, saved); a form token
    seen before returns that idea, unsaved."""
    added = []
    try:
        with transaction.atomic():
            if idea is None:
                idea, saved = idea_create(by=by, token=token, co_authors=co_authors, **content)
                if not saved:
                    return idea, False
            else:
                idea = idea_update(idea=idea, by=by, co_authors=co_authors, **content)
            added = idea_add_attachments(idea=idea, by=by, uploads=uploads)
            if submit:
                idea = idea_transition(idea=idea, by=by, action="submit")
    except Exception:
        _delete_files(added)
        raise
    return idea, True


@transaction.atomic
def idea_report_progress(
    *, idea: Idea, by: User, comment: str, now: datetime.datetime | None = None
) -> ProgressReport:
    """Adds a progress report to an idea being implemented (authors and the unit head)."""
    idea = _lock(idea)
    idea_check(idea=idea, by=by, action="progress")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Please describe the progress.")})
    report = ProgressReport.objects.create(
        idea=idea, author=by, comment=comment, created_at=now or timezone.now()
    )
    _event(
        idea=idea, by=by, action="progress", from_status=idea.status, to_status=idea.status, comment=comment
    )
    return report


_BIDI = dict.fromkeys(
    [0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)],
)


def clean_file_name(name: str) -> str:
    """NFC, no path, no control or bidi characters (a "gpj.exe" trick), at most 200 characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = name.translate(_BIDI)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:200] or "file"


@transaction.atomic
def idea_add_attachment(*, idea: Idea, by: User, upload: UploadedFile, content_type: str) -> IdeaAttachment:
    """Stores a checked upload under a random name (authors, while the idea is editable; max 5)."""
    idea = _lock(idea)
    idea_check(idea=idea, by=by, action="attach")
    if idea.attachments.filter(removed_at__isnull=True).count() >= MAX_ATTACHMENTS:
        raise ValidationError(_("An idea can have at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS})
    name = clean_file_name(upload.name or "")
    attachment = IdeaAttachment(
        idea=idea, original_name=name, content_type=content_type, size=upload.size or 0, uploaded_by=by
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    _event(idea=idea, by=by, action="attach", from_status=idea.status, to_status=idea.status, comment=name)
    return attachment


def _delete_files(attachments: Iterable[IdeaAttachment]) -> None:
    for attachment in attachments:
        attachment.file.storage.delete(attachment.file.name)


def idea_add_attachments(
    *, idea: Idea, by: User, uploads: Iterable[tuple[UploadedFile, str]]
) -> list[IdeaAttachment]:
    """Adds several checked uploads ((file, content type) pairs), all or none: when one fails, the
    files already stored are deleted with the rolled-back rows."""
    added = []
    try:
        with transaction.atomic():
            for upload, content_type in uploads:
                added.append(idea_add_attachment(idea=idea, by=by, upload=upload, content_type=content_type))
    except Exception:
        _delete_files(added)
        raise
    return added


@transaction.atomic
def idea_remove_attachment(*, attachment: IdeaAttachment, by: User) -> None:
    """Hides an attachment of an editable idea; the file and row stay for the audit trail."""
    idea = _lock(attachment.idea)
    idea_check(idea=idea, by=by, action="attach")
    IdeaAttachment.objects.filter(pk=attachment.pk, removed_at__isnull=True).update(removed_at=timezone.now())
    _event(
        idea=idea,
        by=by,
        action="detach",
        from_status=idea.status,
        to_status=idea.status,
        comment=attachment.original_name,
    )


RELATIONS = ("duplicate", "builds_on")


@transaction.atomic
def idea_relate(
    *, idea: Idea, by: User, other: Idea, relation: str, now: datetime.datetime | None = None
) -> Idea:
    """A reviewer links a submitted idea to another one: "builds on" is recorded; "duplicate" is
    recorded and the idea goes back to its authors with a link to the other."""
    if relation not in RELATIONS:
        raise ValidationError(_("Choose how the ideas are related."))
    idea = _lock(idea)
    idea_check(idea=idea, by=by, action="relate")
    if other.pk == idea.pk:
        raise ValidationError(_("An idea cannot be related to itself."))
    if not may_view(idea.author, other):
        raise ValidationError(_("The authors cannot open that idea; choose one they may see."))
    now = now or timezone.now()
    link = _("idea #%(number)d “%(title)s”: %(url)s") % {
        "number": other.pk,
        "title": other.title,
        "url": other.get_absolute_url(),
    }
    if relation == "builds_on":
        idea.builds_on = other
        idea.save(update_fields=["builds_on", "updated_at"])
        _event(
            idea=idea, by=by, action="builds_on", comment=_("Builds on %(link)s") % {"link": link}, now=now
        )
        return idea
    idea = idea_transition(
        idea=idea, by=by, action="return", comment=_("Duplicate of %(link)s") % {"link": link}, now=now
    )
    idea.duplicate_of = other
    idea.save(update_fields=["duplicate_of", "updated_at"])
    return idea
