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
from councils.models import Meeting
from councils.selectors import item_passed
from ideas.models import Idea
from movement.models import Phase
from movement.selectors import nth_working_day
from notifications.services import notify
from records.eligibility import BLOCK
from records.models import AwardCategory, ExternalAward
from thiduaportal.locking import check_version
from thiduaportal.uploads import clean_file_name

from . import checks, notices, permissions, workflow
from .models import (
    AttachmentKind,
    AwardType,
    Nomination,
    NominationAttachment,
    NominationEvent,
    PublicPosting,
    Round,
)
from .text import nomination_search_text

logger = logging.getLogger("awards")


class TransitionNotAllowed(Exception):
    """The nomination's state does not allow the action (someone acted first, or a stale page)."""


class NominationBlocked(TransitionNotAllowed):
    """The law refuses the nomination as it stands; `findings` says why, each with its article."""

    def __init__(self, findings: list[checks.Finding]):
        self.findings = findings
        super().__init__(
            _("The nomination is refused: %(reasons)s")
            % {"reasons": " ".join(f"{f.text} ({f.article})" for f in findings)}
        )


# The actions that put the nomination forward: the law's blocks are checked again at each.
CHECKED_ACTIONS = frozenset({"submit", "approve", "confer"})


def _refuse_blocks(findings: list[checks.Finding]) -> None:
    """A save refused by the portal's own checks: the reasons become the form's errors."""
    blocks = [f for f in findings if f.effect == BLOCK]
    if blocks:
        raise ValidationError(
            [
                ValidationError(
                    "%(text)s (%(article)s)", code=f.code, params={"text": f.text, "article": f.article}
                )
                for f in blocks
            ]
        )


def _duplicate_error() -> ValidationError:
    return ValidationError(
        _(
            "This nominee already has an open nomination for this award in this phase. "
            "Open that nomination instead of creating a new one."
        ),
        code="duplicate",
    )


def _check_round(*, round: Round, award_type: AwardType, today: datetime.date, new: bool) -> None:
    """A new nomination (or one moved to another round) needs an open round that offers its award."""
    if new and not round.is_open(today):
        raise ValidationError(
            {
                "round": _(
                    "The round “%(round)s” accepts nominations from %(start)s to %(end)s: "
                    "it is closed today, so no nomination can be added to it."
                )
                % {
                    "round": round.name,
                    "start": round.opens_on.strftime("%d/%m/%Y"),
                    "end": round.submission_due.strftime("%d/%m/%Y"),
                }
            },
            code="round_closed",
        )
    if not round.award_types.filter(pk=award_type.pk).exists():
        raise ValidationError(
            {"award_type": _("The round “%(round)s” does not offer this award.") % {"round": round.name}},
            code="round_award",
        )


def _check_category(category: str) -> None:
    if category not in AwardCategory.values:
        raise ValidationError({"category": _("Choose an award category.")}, code="category")


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


def _event(
    nomination: Nomination,
    *,
    by: User,
    action: str,
    from_status: str,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> None:
    NominationEvent.objects.create(
        created_at=now or timezone.now(),
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
        .select_related("award_type", "proposing_unit", "nominee__unit", "nominee_unit", "phase", "round")
        .get(pk=nomination_id)
    )


@transaction.atomic
def nomination_create(
    *,
    by: User,
    round: Round,
    award_type: AwardType,
    category: str = AwardCategory.THEMATIC,
    nominee: User | None = None,
    nominee_unit: Unit | None = None,
    achievements: str,
    ideas: Iterable[Idea] = (),
    basis: Iterable[ExternalAward] = (),
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Nomination:
    """Creates a draft in an open round, proposed by the head's or deputy's unit; writes the
    "create" event. Raises PermissionDenied outside their units, ValidationError for a closed
    round, an award the round does not offer, a duplicate open nomination, or what the law refuses
    (awards/checks.py: who confers, dissolved units, an idea used twice). `today` and `now` default
    to the clock (the demo replays a history with earlier ones)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    if not permissions.may_nominate(by):
        raise PermissionDenied(_("Only unit heads and their deputies propose nominations."))
    proposing = Unit.objects.get(
        pk=_check_nominee(by=by, award_type=award_type, nominee=nominee, nominee_unit=nominee_unit)
    )
    _check_round(round=round, award_type=award_type, today=today, new=True)
    _check_category(category)
    phase = round.phase
    _check_open_duplicate(phase=phase, award_type=award_type, nominee=nominee, nominee_unit=nominee_unit)
    ideas, basis = list(ideas), list(basis)
    _refuse_blocks(
        checks.draft_findings(
            award_type=award_type,
            nominee=nominee,
            nominee_unit=nominee_unit,
            proposing_unit_id=proposing.pk,
            idea_ids=[idea.pk for idea in ideas],
            basis=basis,
            exclude_pk=None,
            today=today,
        )
    )
    try:
        # A savepoint, so that a lost race on the unique constraint leaves the outer transaction usable.
        with transaction.atomic():
            nomination = Nomination.objects.create(
                round=round,
                phase=phase,
                award_type=award_type,
                category=category,
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
    if basis:
        nomination.basis.set(basis)
    _event(nomination, by=by, action="create", from_status="", now=now)
    return nomination


@transaction.atomic
def nomination_update(
    *,
    nomination_id: int,
    by: User,
    round: Round,
    award_type: AwardType,
    category: str = AwardCategory.THEMATIC,
    nominee: User | None = None,
    nominee_unit: Unit | None = None,
    achievements: str,
    ideas: Iterable[Idea] = (),
    basis: Iterable[ExternalAward] = (),
    version: str | None = None,
    today: datetime.date | None = None,
) -> Nomination:
    """Edits a draft or returned nomination; writes an "edit" event. Refuses what the law refuses,
    as nomination_create does. `version` is the version the form was opened at: a save over someone
    else's later save is refused (thiduaportal.locking). It stays in its round even once that round
    has closed (a returned nomination is completed there); moving it to another round needs that
    round to be open."""
    today = today or timezone.localdate()
    nomination = _lock(nomination_id)
    nomination_check_editable(nomination=nomination, by=by)
    check_version(nomination, version)
    _check_nominee(by=by, award_type=award_type, nominee=nominee, nominee_unit=nominee_unit)
    _check_round(round=round, award_type=award_type, today=today, new=round.pk != nomination.round_id)
    _check_category(category)
    phase = round.phase
    _check_open_duplicate(
        phase=phase,
        award_type=award_type,
        nominee=nominee,
        nominee_unit=nominee_unit,
        exclude_pk=nomination.pk,
    )
    nomination.round = round
    ideas, basis = list(ideas), list(basis)
    _refuse_blocks(
        checks.draft_findings(
            award_type=award_type,
            nominee=nominee,
            nominee_unit=nominee_unit,
            proposing_unit_id=nomination.proposing_unit_id,
            idea_ids=[idea.pk for idea in ideas],
            basis=basis,
            exclude_pk=nomination.pk,
            today=today,
        )
    )
    nomination.phase = phase
    nomination.award_type = award_type
    nomination.category = category
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
                    "round",
                    "phase",
                    "award_type",
                    "category",
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
    nomination.basis.set(basis)
    _event(nomination, by=by, action="edit", from_status=nomination.status)
    return nomination


def _check_decision(
    nomination: Nomination,
    *,
    decision_number: str,
    decision_date: datetime.date | None,
    decision_authority: str,
    decision_signer: str,
    today: datetime.date,
    needs_signer: bool = True,
) -> None:
    errors: dict[str, str] = {}
    if not (decision_number or "").strip():
        errors["decision_number"] = _("Enter the decision number.")
    if not (decision_authority or "").strip():
        errors["decision_authority"] = _("Enter the title of the person who signed the decision.")
    if needs_signer and not (decision_signer or "").strip():
        errors["decision_signer"] = _("Enter the name of the person who signed the decision.")
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
    conferred_award_type: AwardType | None = None,
    decision_signer: str = "",
    council_meeting: Meeting | None = None,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Nomination:
    """Performs one workflow action: locks the row, checks the role then the state, saves, writes
    the event and notifies the proposing unit's leader of decisions (in this transaction).
    Submitting keeps the nominee's position and unit as they are then. Recording the higher
    level's outcome: "not_confer" needs the reason (comment) and its document, "confer_lower" the
    lower form conferred and its decision.
    Raises PermissionDenied (role), TransitionNotAllowed (state), ValidationError (input)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    nomination = _lock(nomination_id)
    move = nomination_check(nomination=nomination, by=by, action=action)
    if action == "approve":
        _check_posting_done(nomination, today=today)
    comment = (comment or "").strip()
    if move.needs_comment and not comment:
        raise ValidationError({"comment": _("Give the reason in the comment.")})
    if action in CHECKED_ACTIONS:
        assessment = checks.assess(
            nomination, today=today, proposal_date=today if action == "submit" else None
        )
        if assessment.blocks:
            raise NominationBlocked(assessment.blocks)

    from_status = nomination.status
    nomination.status = move.target
    fields = ["status", "updated_at"]
    if action == "submit":
        nomination.submitted_at = now
        home = nomination.nominee_home_unit
        nomination.nominee_position_at_submission = nomination.nominee.position if nomination.nominee else ""
        nomination.nominee_unit_name_at_submission = home.name if home is not None else ""
        fields += ["submitted_at", "nominee_position_at_submission", "nominee_unit_name_at_submission"]
    if move.needs_lower_form:
        _check_lower_form(nomination, conferred_award_type)
        nomination.conferred_award_type = conferred_award_type
        fields.append("conferred_award_type")
    if action == "not_confer":
        nomination.outcome_reason = comment
        fields.append("outcome_reason")
    if move.needs_decision:
        _check_decision(
            nomination,
            decision_number=decision_number,
            decision_date=decision_date,
            decision_authority=decision_authority,
            decision_signer=decision_signer,
            today=today,
            needs_signer=action != "not_confer",  # the higher level's refusal: its issuer suffices
        )
        nomination.decision_number = decision_number.strip()
        nomination.decision_date = decision_date
        nomination.decision_authority = decision_authority.strip()
        nomination.decision_signer = decision_signer.strip()
        fields += ["decision_number", "decision_date", "decision_authority", "decision_signer"]
        if council_meeting is not None and not item_passed(council_meeting, nomination):
            refusal = _("That council meeting did not pass this nomination; cite one that did.")
            raise ValidationError({"council_meeting": refusal})
        nomination.council_meeting = council_meeting
        fields.append("council_meeting")
    nomination.save(update_fields=fields)
    _event(nomination, by=by, action=action, from_status=from_status, comment=comment, now=now)
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


def _check_lower_form(nomination: Nomination, lower: AwardType | None) -> None:
    """The form conferred instead must rank below the one proposed and fit the nominee."""
    if lower is None:
        raise ValidationError({"conferred_award_type": _("Choose the form that was conferred.")})
    if lower.rank <= nomination.award_type.rank:
        raise ValidationError(
            {
                "conferred_award_type": _("Choose a form lower than %(award)s.")
                % {"award": nomination.award_type}
            }
        )
    fits = lower.accepts_collectives() if nomination.is_collective else lower.accepts_individuals()
    if not fits:
        raise ValidationError({"conferred_award_type": _("This form does not fit this nominee.")})


@transaction.atomic
def round_save(
    *,
    by: User,
    round: Round,
    award_types: Iterable[AwardType],
) -> Round:
    """Creates or changes a round (the committee, in the admin). A round that already holds
    nominations keeps its phase: they belong to it."""
    if not permissions.may_manage_rounds(by):
        raise PermissionDenied
    if round.pk:
        before = Round.objects.select_for_update().get(pk=round.pk)
        if before.phase_id != round.phase_id and before.nominations.exists():
            raise ValidationError(
                {"phase": _("Nominations already belong to this round: its phase cannot change.")}
            )
    round.full_clean()
    round.save()
    round.award_types.set(award_types)
    return round


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
        if action in ("confer", "confer_lower"):
            assert nomination.decision_date is not None
            params |= {
                "decision_number": nomination.decision_number,
                "decision_date": nomination.decision_date.strftime("%d/%m/%Y"),
            }
        if nomination.conferred_award_type is not None:
            params["lower"] = nomination.conferred_award_type.name
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
