"""A scheduled visit can be cancelled (status "cancelled"). SQLite rebuilds a table to change its check
constraints, and the rebuild drops the table's triggers: the insert-only trigger of the visit status
history is put back (PostgreSQL keeps it)."""

from django.conf import settings
from django.db import migrations, models

from carewatch.core.db import InsertOnlyTrigger

TRIGGER = InsertOnlyTrigger(table="monitoring_visitstatus")


def restore_trigger(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    quote = connection.ops.quote_name
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(TRIGGER.trigger_name)}", params=None)
    for sql in TRIGGER.forwards_sql("sqlite", quote):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_organisation_four_eyes"),
        ("monitoring", "0002_defaults_and_insert_only"),
        ("register", "0004_snapshot_date_stated"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="visit",
            name="visit_status_known",
        ),
        migrations.RemoveConstraint(
            model_name="visit",
            name="sent_visit_has_comment_window",
        ),
        migrations.RemoveConstraint(
            model_name="visitstatus",
            name="visit_status_row_known",
        ),
        migrations.AlterField(
            model_name="visit",
            name="status",
            field=models.CharField(
                choices=[
                    ("scheduled", "Scheduled"),
                    ("draft", "Draft"),
                    ("sent", "Sent to provider for factual accuracy"),
                    ("accepted", "Provider accepted the draft"),
                    ("disputed", "Provider disputed the draft"),
                    ("reviewed", "Dispute reviewed"),
                    ("published", "Published"),
                    ("cancelled", "Cancelled"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="visitstatus",
            name="status",
            field=models.CharField(
                choices=[
                    ("scheduled", "Scheduled"),
                    ("draft", "Draft"),
                    ("sent", "Sent to provider for factual accuracy"),
                    ("accepted", "Provider accepted the draft"),
                    ("disputed", "Provider disputed the draft"),
                    ("reviewed", "Dispute reviewed"),
                    ("published", "Published"),
                    ("cancelled", "Cancelled"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="visit",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "scheduled",
                            "draft",
                            "sent",
                            "accepted",
                            "disputed",
                            "reviewed",
                            "published",
                            "cancelled",
                        ],
                    )
                ),
                name="visit_status_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="visit",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["scheduled", "draft", "cancelled"]),
                    ("comments_due_on__isnull", False),
                    _connector="OR",
                ),
                name="sent_visit_has_comment_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="visitstatus",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "scheduled",
                            "draft",
                            "sent",
                            "accepted",
                            "disputed",
                            "reviewed",
                            "published",
                            "cancelled",
                        ],
                    )
                ),
                name="visit_status_row_known",
            ),
        ),
        migrations.RunPython(restore_trigger, restore_trigger, elidable=False),
    ]
