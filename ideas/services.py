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
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.responsibility import unit_tree
from councils.models import Meeting
from councils.selectors import item_passed
from movement.models import Phase
from notifications.services import notify
from thiduaportal.locking import check_version
from thiduaportal.uploads import clean_file_name

from . import notices
from .models import (
    ACT_RANK,
    Idea,
    IdeaAttachment,
    IdeaEvent,
    IdeaRecognition,
    Invitation,
    ProgressReport,
    RecognitionAct,
    Status,
)
from .permissions import (
    author_ids,
    leader,
    may_answer,
    may_recognise,
    may_view,
    remaining_acts,
    reviewers,
    role_allows,
)
from .search import search_text_for, similar_text_for
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
# A draft needs only its title; these are required when it is submitted.
REQUIRED_AT_SUBMIT = ("summary", "problem", "solution", "expected_benefit", "topic", "scope")
MAX_ATTACHMENTS = 5
# The same content created again by the same author within this time is the same idea (a Back and
# a second click, a reload): the first one is handed back.
DUPLICATE_WINDOW = datetime.timedelta(minutes=10)


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
    """Creates a draft in the author's unit (only its title is required) and invites the chosen
    co-authors. The same form token twice, or the same content again within DUPLICATE_WINDOW, gives
    the idea made the first time.

    Returns (idea, created)."""
    now = now or timezone.now()
    if token is not None:
        existing = Idea.objects.filter(creation_token=token, author=by).first()
        if existing is not None:
            return existing, False
    if by.unit_id is None:
        raise ValidationError(_("Your account has no unit yet; ask the administrator to set it."))
    existing = _recent_same(by, fields, now)
    if existing is not None:
        return existing, False
    idea = Idea(
        author=by,
        unit_id=by.unit_id,
        creation_token=token,
        created_at=now,
    )
    for name in CONTENT_FIELDS:
        if name in fields:
            setattr(idea, name, fields[name])
    idea.search_text = search_text_for(idea)
    idea.similar_text = similar_text_for(idea)
    try:
        with transaction.atomic():
            idea.save()
    except IntegrityError:
        # The other click of a double click won the race: hand back its idea.
        existing = Idea.objects.filter(creation_token=token, author=by).first()
        if existing is None:
            raise
        return existing, False
    _event(idea=idea, by=by, action="create", to_status=Status.DRAFT, now=now)
    _set_co_authors(idea, by=by, people=co_authors, now=now)
    return idea, True


def _recent_same(by: User, fields: dict[str, Any], now: datetime.datetime) -> Idea | None:
    """The author's idea created within DUPLICATE_WINDOW with exactly this content, if any."""
    recent = Idea.objects.filter(
        author=by, created_at__gte=now - DUPLICATE_WINDOW, title=fields.get("title", "")
    ).order_by("created_at", "pk")
    for idea in recent:
        if all(getattr(idea, name) == fields.get(name, "") for name in CONTENT_FIELDS):
            return idea
    return None


def missing_fields(idea: Idea) -> list[str]:
    """The fields still empty that a submission needs."""
    return [name for name in REQUIRED_AT_SUBMIT if not getattr(idea, name)]


def missing_labels(idea: Idea) -> list[str]:
    fields = [Idea._meta.get_field(name) for name in missing_fields(idea)]
    return [str(capfirst(getattr(field, "verbose_name", field.name))) for field in fields]


def _check_complete(idea: Idea) -> None:
    missing = missing_fields(idea)
    if missing:
        raise ValidationError({name: _("This field is needed to submit the idea.") for name in missing})


def may_be_invited(idea: Idea, person_id: int, *, exclude: Iterable[int] = ()) -> bool:
    """Everyone but a head who would review the idea (the nearest eligible head along its unit's
    chain, or above it when the heads below wrote it), and anyone without whom nobody would be left
    to decide on it or lead its pilot (the committee standing in included)."""
    tree = unit_tree()
    authors = {idea.author_id, *exclude}
    answer = tree.answerers(idea.unit_id, exclude=authors)
    heads = {tree.head.get(node) for node in tree.chain(idea.unit_id)}
    if person_id in answer.people and person_id in heads:
        return False
    return _decidable(idea.unit_id, {*authors, person_id})


def _decidable(unit_id: int, authors: Iterable[int]) -> bool:
    """Someone who did not write it may review an idea of this unit, and someone may lead its pilot."""
    tree = unit_tree()
    return bool(
        tree.answerers(unit_id, exclude=authors).people and tree.leader(unit_id, exclude=authors).people
    )


def _set_co_authors(idea: Idea, *, by: User, people: Iterable[User], now: datetime.datetime) -> None:
    """Makes the chosen people the idea's co-authors or invited co-authors: those no longer chosen
    stop being either; those newly chosen are invited (and told), unless they would review it."""
    chosen = {person.pk: person for person in people if person.pk != idea.author_id}
    current = set(idea.co_authors.values_list("pk", flat=True))
    invitations = {inv.person_id: inv for inv in Invitation.objects.select_for_update().filter(idea=idea)}
    dropped = current - chosen.keys()
    if dropped:
        idea.co_authors.remove(*dropped)
    Invitation.objects.filter(
        idea=idea, answer__in=[Invitation.Answer.PENDING, Invitation.Answer.ACCEPTED]
    ).exclude(person_id__in=chosen.keys()).update(answer=Invitation.Answer.WITHDRAWN, answered_at=now)
    new = [
        person
        for pk, person in chosen.items()
        if pk not in current
        and not (pk in invitations and invitations[pk].answer == Invitation.Answer.PENDING)
    ]
    kept = current - dropped
    refused = [person.display_name for person in new if not may_be_invited(idea, person.pk, exclude=kept)]
    if refused:
        raise ValidationError(
            {
                "co_authors": _(
                    "%(names)s cannot be invited: as head of its unit they would review this idea, "
                    "or nobody else would be left to decide on it."
                )
                % {"names": ", ".join(refused)}
            }
        )
    for person in new:
        Invitation.objects.update_or_create(
            idea=idea,
            person=person,
            defaults={
                "invited_by": by,
                "answer": Invitation.Answer.PENDING,
                "created_at": now,
                "answered_at": None,
            },
        )
    if new:
        notify(
            recipients=new,
            kind=notices.INVITED,
            params={"title": idea.title, "person": by.display_name},
            url=idea.get_absolute_url(),
        )


@transaction.atomic
def idea_update(
    *,
    idea: Idea,
    by: User,
    co_authors: Iterable[User] | None = None,
    version: str | None = None,
    **fields: Any,
) -> Idea:
    """Edits the content of a draft or returned idea (authors only). `version` is the version the
    form was opened at: a save over someone else's later save is refused (thiduaportal.locking)."""
    idea = _lock(idea)
    idea_check(idea=idea, by=by, action="edit")
    check_version(idea, version)
    changed: list[str] = []
    for name in CONTENT_FIELDS:
        if name in fields and getattr(idea, name) != fields[name]:
            setattr(idea, name, fields[name])
            changed.append(name)
    idea.search_text = search_text_for(idea)
    idea.similar_text = similar_text_for(idea)
    idea.save(update_fields=[*changed, "search_text", "similar_text", "updated_at"])
    if co_authors is not None:
        _set_co_authors(idea, by=by, people=co_authors, now=timezone.now())
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
        _check_complete(idea)
        if not _decidable(idea.unit_id, author_ids(idea)):
            raise ValidationError(
                _(
                    "Nobody could decide on this idea: every head and deputy of its units and every "
                    "committee member is among its authors. Remove a co-author, or ask the committee."
                )
            )
        idea.submitted_at = now
        idea.phase = Phase.for_date(today)
        fields += ["unit", "submitted_at", "phase"]
    elif action == "complete":
        idea.result_assessment = comment
        fields.append("result_assessment")
    elif move.needs_decision:
        fields += _recognise(idea, by=by, today=today, now=now, **extra)
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


# No recognition of this portal's ideas can be older than the movement's first phase.
EARLIEST_DECISION = datetime.date(2023, 1, 1)
# The authorities as decisions name them: data in Vietnamese, whatever the reader's language.
CITY_AUTHORITY = "Chủ tịch UBND Thành phố Hồ Chí Minh"
COUNCIL_AUTHORITY = "Hội đồng sáng kiến {unit}"


def completion_date(idea: Idea) -> datetime.date | None:
    """The day the idea's pilot was completed (its last "complete" event)."""
    event = idea.events.filter(action="complete").order_by("-created_at").first()
    return timezone.localdate(event.created_at) if event else None


def recognition_authority(idea: Idea, act: str) -> str:
    """Who decides an act, as the decision names them: the council or the head of the unit that
    leads the idea, or the Chairman of the City People's Committee."""
    if act == RecognitionAct.CITY:
        return CITY_AUTHORITY
    from accounts.models import Unit
    from accounts.selectors import signer_title

    head = User.objects.filter(pk__in=leader(idea).people).first()
    unit = Unit.objects.filter(head=head).order_by("pk").first() if head else None
    unit_name = unit.name if unit else idea.unit.name
    if act == RecognitionAct.INITIATIVE:
        return COUNCIL_AUTHORITY.format(unit=unit_name)
    return signer_title(head.position, unit_name) if head and head.position else unit_name


def _recognise(
    idea: Idea,
    *,
    by: User,
    today: datetime.date,
    now: datetime.datetime,
    level: str = "",
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    authority: str = "",
    meeting: Meeting | None = None,
    **_ignored: Any,
) -> list[str]:
    """Records one act of recognition; the idea shows its highest effect. Returns the changed fields."""
    number = (decision_number or "").strip()
    authority = " ".join((authority or "").split())
    errors: dict[str, str] = {}
    if level not in RecognitionAct.values:
        errors["level"] = _("Choose the act of recognition.")
    elif level not in remaining_acts(idea):
        errors["level"] = _("This act is already recorded, or a higher one is.")
    if not number:
        errors["decision_number"] = _("Enter the decision number.")
    elif len(number) > 100 or any(unicodedata.category(ch).startswith("C") for ch in number):
        errors["decision_number"] = _("The decision number is one line of at most 100 characters.")
    if len(authority) > 255:
        errors["authority"] = _("At most 255 characters.")
    if not isinstance(decision_date, datetime.date):
        errors["decision_date"] = _("Enter the decision date.")
    else:
        completed = completion_date(idea)
        earliest = max(d for d in (completed, EARLIEST_DECISION) if d is not None)
        earlier_acts = idea.recognitions.exclude(act=RecognitionAct.INITIATIVE)
        if decision_date > today:
            errors["decision_date"] = _("The decision date cannot be in the future.")
        elif decision_date < earliest:
            errors["decision_date"] = _("The decision date cannot be before %(date)s (%(why)s).") % {
                "date": earliest.strftime("%d/%m/%Y"),
                "why": _("the pilot's completion") if earliest == completed else _("the movement's start"),
            }
        elif level != RecognitionAct.INITIATIVE and (
            last := earlier_acts.filter(decision_date__gt=decision_date).first()
        ):
            errors["decision_date"] = _(
                "The decision date cannot be before the earlier recognition (%(date)s)."
            ) % {"date": last.decision_date.strftime("%d/%m/%Y")}
    if meeting is not None and not item_passed(meeting, idea):
        errors["meeting"] = _("That council meeting did not pass this idea; cite one that did.")
    if errors or not isinstance(decision_date, datetime.date):
        raise ValidationError(errors)
    if not may_recognise(by, idea, level):
        raise PermissionDenied(_("You may not recognise this idea at this level."))
    IdeaRecognition.objects.create(
        idea=idea,
        act=level,
        authority=authority or recognition_authority(idea, level),
        decision_number=number,
        decision_date=decision_date,
        recorded_by=by,
        recorded_at=now,
        meeting=meeting,
    )
    if level == RecognitionAct.INITIATIVE:
        return []
    if (
        idea.recognition_level
        and ACT_RANK[RecognitionAct(idea.recognition_level)] >= ACT_RANK[RecognitionAct(level)]
    ):
        return []
    idea.recognition_level = level
    idea.recognition_decision_number = number
    idea.recognition_decision_date = decision_date
    return ["recognition_level", "recognition_decision_number", "recognition_decision_date"]


def idea_save(
    *,
    by: User,
    idea: Idea | None = None,
    token: uuid.UUID | None = None,
    co_authors: Iterable[User] = (),
    uploads: Iterable[tuple[UploadedFile, str]] = (),
    submit: bool = False,
    version: str | None = None,
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
                idea = idea_update(idea=idea, by=by, co_authors=co_authors, version=version, **content)
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


@transaction.atomic
def invitation_answer(
    *, invitation: Invitation, by: User, accept: bool, now: datetime.datetime | None = None
) -> Invitation:
    """The invited colleague accepts (becomes a co-author) or declines; the author is told.

    Refused: anyone but the invited person (PermissionDenied); an invitation already answered or
    withdrawn (WorkflowError); accepting as a head who would review the idea, or so that nobody
    could decide on an idea waiting for a decision (ValidationError)."""
    now = now or timezone.now()
    idea = _lock(invitation.idea)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.person_id != by.pk:
        raise PermissionDenied(_("This invitation is not yours."))
    if not may_answer(by, invitation):
        raise WorkflowError(_("This invitation was already answered or withdrawn."))
    if accept:
        co_authors = set(idea.co_authors.values_list("pk", flat=True))
        if not may_be_invited(idea, by.pk, exclude=co_authors):
            raise ValidationError(
                _(
                    "You cannot become its co-author: as head of its unit you would review this idea, "
                    "or nobody else would be left to decide on it."
                )
            )
        idea.co_authors.add(by)
    invitation.answer = Invitation.Answer.ACCEPTED if accept else Invitation.Answer.DECLINED
    invitation.answered_at = now
    invitation.save(update_fields=["answer", "answered_at"])
    # The co-authors are part of what an open edit form shows: it must not overwrite them unseen.
    idea.save(update_fields=["updated_at"])
    _event(
        idea=idea,
        by=by,
        action="invitation_accept" if accept else "invitation_decline",
        from_status=idea.status,
        to_status=idea.status,
        now=now,
    )
    notify(
        recipients=[invitation.invited_by],
        kind=notices.INVITATION_ACCEPTED if accept else notices.INVITATION_DECLINED,
        params={"title": idea.title, "person": by.display_name},
        url=idea.get_absolute_url(),
    )
    return invitation


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
