"""Every write of nominations. Each service runs in one transaction; statuses change only through
nomination_transition(), which follows the table of workflow.py."""

import datetime
import logging
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from ideas.models import Idea
from movement.models import Phase
from movement.selectors import nth_working_day
from notifications.services import notify
from thiduaportal.locking import check_version
from thiduaportal.uploads import clean_file_name

from . import notices, permissions, workflow
from .models import (
    AttachmentKind,
    AwardType,
    Nomination,
    NominationAttachment,
    NominationEvent,
    PublicPosting,
)
from .text import nomination_search_text

logger = logging.getLogger("awards")


class TransitionNotAllowed(Exception):
    """The nomination's state does not allow the action (someone acted first, or a stale page)."""


def _duplicate_error() -> ValidationError:
    return ValidationError(
        _(
            "This nominee already has an open nomination for this award in this phase. "
            "Open that nomination instead of creating a new one."
        ),
        code="duplicate",
    )


def _check_open_duplicate(
    *,
    phase: Phase,
    award_type: AwardType,
    nominee: User | None,
    nominee_unit: Unit | None,
    exclude_pk: int | None = None,
) -> None:
    qs = Nomination.objects.filter(phase=phase, award_type=award_type, status__in=workflow.OPEN_STATUSES)
    qs = qs.filter(nominee=nominee) if nominee is not None else qs.filter(nominee_unit=nominee_unit)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise _duplicate_error()


def _check_nominee(
    *, by: User, award_type: AwardType, nominee: User | None, nominee_unit: Unit | None
) -> int:
    """The unit that proposes, once the nominee fits the award and this person may nominate them."""
    if (nominee is None) == (nominee_unit is None):
        raise ValidationError(_("Choose either a person or a collective, not both."), code="nominee")
    if nominee is not None and not award_type.accepts_individuals():
        raise ValidationError(_("This award is for collectives only."), code="eligibility")
    if nominee_unit is not None and not award_type.accepts_collectives():
        raise ValidationError(_("This award is for individuals only."), code="eligibility")
    home = nominee_unit if nominee is None else nominee.unit
    proposing = None
    if home is not None:
        proposing = permissions.proposing_unit_id(by, home.pk, nominee_id=nominee.pk if nominee else None)
    if proposing is None:
        raise PermissionDenied(
            _("You may only nominate people and collectives of your own unit and its sub-units.")
        )
    return proposing


def _event(nomination: Nomination, *, by: User, action: str, from_status: str, comment: str = "") -> None:
    NominationEvent.objects.create(
        nomination=nomination,
        actor=by,
        action=action,
        from_status=from_status,
        to_status=nomination.status,
        comment=comment,
    )


def nomination_check(*, nomination: Nomination, by: User, action: str) -> workflow.Move:
    """The one refusal order: the role first (PermissionDenied, a 403), then the state
    (TransitionNotAllowed, a message). Returns the move. Views call it before reading a form."""
    if not permissions.may_act(by, nomination, action):
        raise PermissionDenied(_("You may not take this action on this nomination."))
    move = workflow.move_for(nomination.award_type.decided_by_unit_head, action)
    if move is None or nomination.status not in move.sources:
        raise TransitionNotAllowed(
            _("This nomination is now “%(status)s”: the action was not taken.")
            % {"status": nomination.get_status_display()}
        )
    return move


def nomination_check_editable(*, nomination: Nomination, by: User) -> None:
    """Role first (PermissionDenied), then state (TransitionNotAllowed), as for every action."""
    if not permissions.may_edit_any_state(by, nomination):
        raise PermissionDenied
    if nomination.status not in workflow.EDITABLE_STATUSES:
        raise TransitionNotAllowed(_("This nomination can no longer be edited."))


def _lock(nomination_id: int) -> Nomination:
    """The nomination's row only: its award type and units stay free for everyone else."""
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("award_type", "proposing_unit", "nominee", "nominee_unit", "phase")
        .get(pk=nomination_id)
    )


@transaction.atomic
def nomination_create(
    *,
    by: User,
    phase: Phase,
    award_type: AwardType,
    nominee: User | None = None,
    nominee_unit: Unit | None = None,
    achievements: str,
    ideas: Iterable[Idea] = (),
) -> Nomination:
    """Creates a draft proposed by the head's or deputy's unit; writes the "create" event.
    Raises PermissionDenied outside their units, ValidationError for a duplicate open nomination."""
    if not permissions.may_nominate(by):
        raise PermissionDenied(_("Only unit heads and their deputies propose nominations."))
    proposing = Unit.objects.get(
        pk=_check_nominee(by=by, award_type=award_type, nominee=nominee, nominee_unit=nominee_unit)
    )
    _check_open_duplicate(phase=phase, award_type=award_type, nominee=nominee, nominee_unit=nominee_unit)
    try:
        # A savepoint, so that a lost race on the unique constraint leaves the outer transaction usable.
        with transaction.atomic():
            nomination = Nomination.objects.create(
                phase=phase,
                award_type=award_type,
                nominee=nominee,
                nominee_unit=nominee_unit,
                proposing_unit=proposing,
                achievements=achievements,
                search_text=nomination_search_text(
                    nominee=nominee, nominee_unit=nominee_unit, proposing_unit=proposing
                ),
                created_by=by,
            )
    except IntegrityError:
        raise _duplicate_error() from None
    if ideas:
        nomination.ideas.set(ideas)
    _event(nomination, by=by, action="create", from_status="")
    return nomination


@transaction.atomic
def nomination_update(
    *,
    nomination_id: int,
    by: User,
    phase: Phase,
    award_type: AwardType,
    nominee: User | None = None,
    nominee_unit: Unit | None = None,
    achievements: str,
    ideas: Iterable[Idea] = (),
    version: str | None = None,
) -> Nomination:
    """Edits a draft or returned nomination; writes an "edit" event. `version` is the version the
    form was opened at: a save over someone else's later save is refused (thiduaportal.locking)."""
    nomination = _lock(nomination_id)
    nomination_check_editable(nomination=nomination, by=by)
    check_version(nomination, version)
    _check_nominee(by=by, award_type=award_type, nominee=nominee, nominee_unit=nominee_unit)
    _check_open_duplicate(
        phase=phase,
        award_type=award_type,
        nominee=nominee,
        nominee_unit=nominee_unit,
        exclude_pk=nomination.pk,
    )
    nomination.phase = phase
    nomination.award_type = award_type
    nomination.nominee = nominee
    nomination.nominee_unit = nominee_unit
    nomination.achievements = achievements
    nomination.search_text = nomination_search_text(
        nominee=nominee, nominee_unit=nominee_unit, proposing_unit=nomination.proposing_unit
    )
    try:
        with transaction.atomic():
            nomination.save(
                update_fields=[
                    "phase",
                    "award_type",
                    "nominee",
                    "nominee_unit",
                    "achievements",
                    "search_text",
                    "updated_at",
                ]
            )
    except IntegrityError:
        raise _duplicate_error() from None
    nomination.ideas.set(ideas)
    _event(nomination, by=by, action="edit", from_status=nomination.status)
    return nomination


def _check_decision(
    nomination: Nomination, *, decision_number: str, decision_date: datetime.date | None, today: datetime.date
) -> None:
    errors: dict[str, str] = {}
    if not (decision_number or "").strip():
        errors["decision_number"] = _("Enter the decision number.")
    if decision_date is None:
        errors["decision_date"] = _("Enter the decision date.")
    else:
        if decision_date > today:
            errors["decision_date"] = _("The decision date cannot be in the future.")
        elif nomination.submitted_at and decision_date < timezone.localtime(nomination.submitted_at).date():
            errors["decision_date"] = _(
                "The decision date cannot be before the nomination was submitted (%(date)s)."
            ) % {"date": timezone.localtime(nomination.submitted_at).strftime("%d/%m/%Y")}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def nomination_transition(
    *,
    nomination_id: int,
    by: User,
    action: str,
    comment: str = "",
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    decision_authority: str = "",
    today: datetime.date | None = None,
) -> Nomination:
    """Performs one workflow action: locks the row, checks the role then the state, saves, writes
    the event and notifies the proposing unit's leader of decisions (in this transaction).
    Raises PermissionDenied (role), TransitionNotAllowed (state), ValidationError (input)."""
    today = today or timezone.localdate()
    nomination = _lock(nomination_id)
    move = nomination_check(nomination=nomination, by=by, action=action)
    if action == "approve":
        _check_posting_done(nomination, today=today)
    comment = (comment or "").strip()
    if move.needs_comment and not comment:
        raise ValidationError({"comment": _("Give the reason in the comment.")})

    from_status = nomination.status
    nomination.status = move.target
    fields = ["status", "updated_at"]
    if action == "submit":
        nomination.submitted_at = timezone.now()
        fields.append("submitted_at")
    if move.needs_decision:
        _check_decision(nomination, decision_number=decision_number, decision_date=decision_date, today=today)
        nomination.decision_number = decision_number.strip()
        nomination.decision_date = decision_date
        nomination.decision_authority = (decision_authority or "").strip() or nomination.award_type.authority
        fields += ["decision_number", "decision_date", "decision_authority"]
    nomination.save(update_fields=fields)
    _event(nomination, by=by, action=action, from_status=from_status, comment=comment)
    if move.decision:
        _notify_decision(nomination, action=action, comment=comment)
    if action == "submit":
        _notify_submitted(nomination, by=by)
    logger.info(
        "nomination %s: %s by %s (%s -> %s)",
        nomination.pk,
        action,
        by.username,
        from_status,
        nomination.status,
        extra={
            "nomination": nomination.pk,
            "action": action,
            "by": by.pk,
            "from": from_status,
            "to": nomination.status,
        },
    )
    return nomination


def _notify_decision(nomination: Nomination, *, action: str, comment: str) -> None:
    """A decision is told to the proposing unit's leader, in this transaction (the outbox)."""
    notify(
        recipients=User.objects.filter(pk__in=permissions.leader(nomination).people),
        kind=notices.DECIDED[action],
        params={"name": nomination.nominee_name, "award": nomination.award_type.name, "comment": comment},
        url=nomination.get_absolute_url(),
    )
    if nomination.nominee is not None:
        params = {"award": nomination.award_type.name, "comment": comment}
        if action == "confer":
            assert nomination.decision_date is not None
            params |= {
                "decision_number": nomination.decision_number,
                "decision_date": nomination.decision_date.strftime("%d/%m/%Y"),
            }
        notify(
            recipients=[nomination.nominee],
            kind=notices.TO_NOMINEE[action],
            params=params,
            url=nomination.get_absolute_url(),
        )


def _notify_submitted(nomination: Nomination, *, by: User) -> None:
    """A submitted nomination enters its deciders' queue: they are told (the bell, the digest),
    except the one who submitted it (a head who decides their unit's certificate themselves)."""
    notify(
        recipients=User.objects.filter(pk__in=permissions.deciders(nomination).people - {by.pk}),
        kind=notices.SUBMITTED,
        params={
            "name": nomination.nominee_name,
            "award": nomination.award_type.name,
            "unit": nomination.proposing_unit.name,
        },
        url=nomination.get_absolute_url(),
    )


# The dossier -------------------------------------------------------------------------------------

MAX_ATTACHMENTS = 10


def nomination_check_dossier(*, nomination: Nomination, by: User) -> None:
    """Role first (PermissionDenied), then state (TransitionNotAllowed), for attaching and removing."""
    if not permissions.may_prepare_dossier(by, nomination):
        raise PermissionDenied(_("You may not change the files of this nomination."))
    if nomination.status not in workflow.ATTACHABLE_STATUSES:
        raise TransitionNotAllowed(
            _("This nomination is now “%(status)s”: its files can no longer be changed.")
            % {"status": nomination.get_status_display()}
        )


def _delete_files(attachments: Iterable[NominationAttachment]) -> None:
    for attachment in attachments:
        attachment.file.storage.delete(attachment.file.name)


def nomination_add_attachments(
    *, nomination_id: int, by: User, kind: str, uploads: Iterable[tuple[UploadedFile, str]]
) -> list[NominationAttachment]:
    """Stores checked uploads ((file, content type) pairs from thiduaportal.uploads.check_uploads)
    of one kind under random names, all or none: when one fails, the files already stored are
    deleted with the rolled-back rows."""
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Choose the kind of document.")})
    added: list[NominationAttachment] = []
    try:
        with transaction.atomic():
            nomination = _lock(nomination_id)
            nomination_check_dossier(nomination=nomination, by=by)
            uploads = list(uploads)
            held = nomination.attachments.filter(removed_at__isnull=True).count()
            if held + len(uploads) > MAX_ATTACHMENTS:
                raise ValidationError(
                    _("A nomination can have at most %(max)d attachments; it already has %(n)d.")
                    % {"max": MAX_ATTACHMENTS, "n": held}
                )
            for upload, content_type in uploads:
                name = clean_file_name(upload.name or "")
                attachment = NominationAttachment(
                    nomination=nomination,
                    kind=kind,
                    original_name=name,
                    content_type=content_type,
                    size=upload.size or 0,
                    uploaded_by=by,
                )
                attachment.file.save(name, upload, save=False)
                attachment.save()
                added.append(attachment)
                _event(nomination, by=by, action="attach", from_status=nomination.status, comment=name)
    except Exception:
        _delete_files(added)
        raise
    return added


@transaction.atomic
def nomination_remove_attachment(*, attachment: NominationAttachment, by: User) -> None:
    """Hides an attachment of an open nomination; the file and row stay for the audit trail."""
    nomination = _lock(attachment.nomination_id)
    nomination_check_dossier(nomination=nomination, by=by)
    NominationAttachment.objects.filter(pk=attachment.pk, removed_at__isnull=True).update(
        removed_at=timezone.now()
    )
    _event(
        nomination, by=by, action="detach", from_status=nomination.status, comment=attachment.original_name
    )


def nomination_check_posting(*, nomination: Nomination, by: User) -> None:
    """Role first (PermissionDenied), then state (TransitionNotAllowed), for recording the posting."""
    if not permissions.may_record_posting(by, nomination):
        raise PermissionDenied(_("You may not record the public posting of this nomination."))
    if not nomination.award_type.needs_public_posting:
        raise TransitionNotAllowed(_("This award is not posted publicly before it is forwarded."))
    if nomination.status not in workflow.POSTING_STATUSES or hasattr(nomination, "posting"):
        raise TransitionNotAllowed(
            _(
                "The public posting cannot be recorded now: it is recorded already, "
                "or the nomination is not waiting for the committee."
            )
        )


@transaction.atomic
def nomination_record_posting(
    *, nomination_id: int, by: User, start: datetime.date, place: str, today: datetime.date | None = None
) -> PublicPosting:
    """Records the day the proposal was posted publicly and where; the window's end is the tenth
    working day from that day (movement's calendar). Writes a "post" event."""
    today = today or timezone.localdate()
    nomination = _lock(nomination_id)
    nomination_check_posting(nomination=nomination, by=by)
    errors: dict[str, str] = {}
    if start > today:
        errors["start"] = _("The posting date cannot be in the future.")
    elif nomination.submitted_at and start < timezone.localtime(nomination.submitted_at).date():
        errors["start"] = _("The posting date cannot be before the nomination was submitted (%(date)s).") % {
            "date": timezone.localtime(nomination.submitted_at).strftime("%d/%m/%Y")
        }
    place = (place or "").strip()
    if not place:
        errors["place"] = _("Say where the proposal is posted.")
    if errors:
        raise ValidationError(errors)
    end = nth_working_day(start, workflow.POSTING_WORKING_DAYS)
    posting = PublicPosting.objects.create(
        nomination=nomination, start=start, end=end, place=place, recorded_by=by
    )
    _event(
        nomination,
        by=by,
        action="post",
        from_status=nomination.status,
        comment=f"{start:%d/%m/%Y} – {end:%d/%m/%Y}: {place}",
    )
    return posting


def _check_posting_done(nomination: Nomination, *, today: datetime.date) -> None:
    """An order or State title is forwarded only after its public posting window has ended."""
    if not nomination.award_type.needs_public_posting:
        return
    posting = PublicPosting.objects.filter(nomination=nomination).first()
    if posting is None:
        raise TransitionNotAllowed(
            _(
                "Record the public posting first: this proposal is posted for %(days)d working days "
                "before it is forwarded."
            )
            % {"days": workflow.POSTING_WORKING_DAYS}
        )
    if today <= posting.end:
        raise TransitionNotAllowed(
            _("The public posting window ends on %(date)s: the proposal can be forwarded after that day.")
            % {"date": posting.end.strftime("%d/%m/%Y")}
        )
