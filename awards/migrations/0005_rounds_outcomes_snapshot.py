import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


# The two rounds of the movement's phases; other phases get one round spanning the phase.
ROUNDS = {
    "2023-2025": (
        "so-ket-2023-2025",
        "Sơ kết giai đoạn 2023-2025",
        datetime.date(2025, 10, 1),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 6, 30),
    ),
    "2026-2030": (
        "tong-ket-2026-2030",
        "Tổng kết giai đoạn 2026-2030",
        datetime.date(2030, 7, 1),
        datetime.date(2030, 10, 31),
        datetime.date(2030, 12, 15),
    ),
}
NOMINATION_KINDS = ("nomination_submission", "nomination_review")


def create_rounds(apps, schema_editor):
    """A round per phase, taking the phase's nomination deadlines (for all units) where there were
    any; every existing nomination joins its phase's round."""
    Phase = apps.get_model("movement", "Phase")
    Deadline = apps.get_model("movement", "Deadline")
    Round = apps.get_model("awards", "Round")
    AwardType = apps.get_model("awards", "AwardType")
    Nomination = apps.get_model("awards", "Nomination")
    award_types = list(AwardType.objects.all())
    for phase in Phase.objects.all():
        code, name, opens, due, review = ROUNDS.get(
            phase.code,
            (f"phase-{phase.code}", f"Khen thưởng giai đoạn {phase.code}", phase.start, phase.end, None),
        )
        deadlines = Deadline.objects.filter(phase=phase, unit__isnull=True)
        submission = deadlines.filter(kind=NOMINATION_KINDS[0]).order_by("-due_date").first()
        reviewing = deadlines.filter(kind=NOMINATION_KINDS[1]).order_by("-due_date").first()
        if submission is not None:
            due = submission.due_date
            opens = min(opens, due)
        if reviewing is not None:
            review = max(reviewing.due_date, due)
        elif review is not None:
            review = max(review, due)
        round_, _ = Round.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "phase": phase,
                "opens_on": opens,
                "submission_due": due,
                "review_due": review,
            },
        )
        round_.award_types.set(award_types)
        Nomination.objects.filter(phase=phase, round__isnull=True).update(round=round_)


def snapshot_submitted(apps, schema_editor):
    """Nominations submitted before snapshots existed keep today's values: the best there is."""
    Nomination = apps.get_model("awards", "Nomination")
    for nomination in Nomination.objects.filter(submitted_at__isnull=False).select_related(
        "nominee__unit", "nominee_unit"
    ):
        home = nomination.nominee_unit or (nomination.nominee.unit if nomination.nominee else None)
        nomination.nominee_position_at_submission = nomination.nominee.position if nomination.nominee else ""
        nomination.nominee_unit_name_at_submission = home.name if home else ""
        nomination.save(update_fields=["nominee_position_at_submission", "nominee_unit_name_at_submission"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_committee_group"),
        ("awards", "0004_dossier"),
        ("ideas", "0005_title_index"),
        ("movement", "0003_public_holidays"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    # The nomination deadlines are read here before movement drops their kinds.
    run_before = [("movement", "0004_deadline_ideas_only")]

    operations = [
        migrations.CreateModel(
            name="Round",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=60, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=255, verbose_name="name")),
                ("opens_on", models.DateField(verbose_name="nominations accepted from")),
                ("submission_due", models.DateField(verbose_name="nominations accepted until")),
                (
                    "review_due",
                    models.DateField(
                        blank=True,
                        help_text="The committee is reminded before this date.",
                        null=True,
                        verbose_name="committee's review due",
                    ),
                ),
            ],
            options={
                "verbose_name": "award round",
                "verbose_name_plural": "award rounds",
                "ordering": ["-submission_due", "code"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="nomination",
            name="nomination_status_valid",
        ),
        migrations.RemoveConstraint(
            model_name="nomination",
            name="nomination_conferred_has_decision",
        ),
        migrations.AddField(
            model_name="nomination",
            name="category",
            field=models.CharField(
                choices=[
                    ("merit", "Merit and achievements"),
                    ("thematic", "Thematic emulation movement"),
                    ("sudden", "Sudden achievement"),
                    ("contribution", "Long contribution"),
                    ("seniority", "Years of service"),
                    ("foreign", "Foreign relations"),
                ],
                default="thematic",
                max_length=20,
                verbose_name="award category",
            ),
        ),
        migrations.AddField(
            model_name="nomination",
            name="conferred_award_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lower_conferrals",
                to="awards.awardtype",
                verbose_name="form conferred",
            ),
        ),
        migrations.AddField(
            model_name="nomination",
            name="nominee_position_at_submission",
            field=models.CharField(blank=True, max_length=255, verbose_name="position at submission"),
        ),
        migrations.AddField(
            model_name="nomination",
            name="nominee_unit_name_at_submission",
            field=models.CharField(blank=True, max_length=255, verbose_name="unit at submission"),
        ),
        migrations.AddField(
            model_name="nomination",
            name="outcome_reason",
            field=models.TextField(blank=True, verbose_name="reason given by the higher level"),
        ),
        migrations.AlterField(
            model_name="nomination",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("submitted", "Submitted"),
                    ("returned", "Returned"),
                    ("approved", "Approved"),
                    ("rejected", "Rejected"),
                    ("conferred", "Conferred"),
                    ("not_conferred", "Not conferred"),
                    ("conferred_lower", "Conferred at a lower form"),
                ],
                default="draft",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="round",
            name="award_types",
            field=models.ManyToManyField(
                related_name="rounds", to="awards.awardtype", verbose_name="award forms of the round"
            ),
        ),
        migrations.AddField(
            model_name="round",
            name="phase",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rounds",
                to="movement.phase",
                verbose_name="phase",
            ),
        ),
        migrations.AddField(
            model_name="nomination",
            name="round",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="nominations",
                to="awards.round",
                verbose_name="award round",
            ),
        ),
        migrations.RunPython(create_rounds, migrations.RunPython.noop),
        migrations.RunPython(snapshot_submitted, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="nomination",
            name="round",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="nominations",
                to="awards.round",
                verbose_name="award round",
            ),
        ),
        migrations.AddConstraint(
            model_name="nomination",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "draft",
                            "submitted",
                            "returned",
                            "approved",
                            "rejected",
                            "conferred",
                            "not_conferred",
                            "conferred_lower",
                        ],
                    )
                ),
                name="nomination_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="nomination",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("status__in", ["conferred", "not_conferred", "conferred_lower"]), _negated=True
                    ),
                    models.Q(
                        ("decision_date__isnull", False), models.Q(("decision_number", ""), _negated=True)
                    ),
                    _connector="OR",
                ),
                name="nomination_decided_has_decision",
            ),
        ),
        migrations.AddConstraint(
            model_name="nomination",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("conferred_award_type__isnull", True), ("status", "conferred_lower"), _connector="OR"
                ),
                name="nomination_lower_form_only_when_lower",
            ),
        ),
        migrations.AddConstraint(
            model_name="nomination",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "conferred_lower"), _negated=True),
                    ("conferred_award_type__isnull", False),
                    _connector="OR",
                ),
                name="nomination_lower_names_its_form",
            ),
        ),
        migrations.AddConstraint(
            model_name="nomination",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("category__in", ["merit", "thematic", "sudden", "contribution", "seniority", "foreign"])
                ),
                name="nomination_category_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="round",
            constraint=models.CheckConstraint(
                condition=models.Q(("submission_due__gte", models.F("opens_on"))),
                name="round_dates_ordered",
                violation_error_message="The round cannot close before it opens.",
            ),
        ),
        migrations.AddConstraint(
            model_name="round",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("review_due__isnull", True),
                    ("review_due__gte", models.F("submission_due")),
                    _connector="OR",
                ),
                name="round_review_after_submission",
                violation_error_message="The review cannot be due before the nominations are.",
            ),
        ),
    ]
