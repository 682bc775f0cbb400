from django.db import migrations, models

NOMINATION_KINDS = ["nomination_submission", "nomination_review"]


def delete_nomination_deadlines(apps, schema_editor):
    # awards/0005_rounds copied their dates into the award rounds first (it runs before this one).
    apps.get_model("movement", "Deadline").objects.filter(kind__in=NOMINATION_KINDS).delete()


class Migration(migrations.Migration):
    dependencies = [("movement", "0003_public_holidays")]

    operations = [
        migrations.RunPython(delete_nomination_deadlines, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="deadline", name="deadline_kind_valid"),
        migrations.AlterField(
            model_name="deadline",
            name="kind",
            field=models.CharField(
                choices=[("idea_submission", "Idea submission"), ("idea_review", "Idea review")],
                max_length=30,
                verbose_name="kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="deadline",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["idea_submission", "idea_review"])), name="deadline_kind_valid"
            ),
        ),
    ]
