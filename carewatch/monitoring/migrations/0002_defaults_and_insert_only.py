"""The default themes and question sets, and history tables the database refuses to change."""

from django.db import migrations
from django.utils import timezone

INSERT_ONLY_TABLES = (
    "monitoring_frameworkversion",
    "monitoring_question",
    "monitoring_visitstatus",
    "monitoring_providercomment",
    "monitoring_disputereview",
    "monitoring_feedbackmoderation",
    "monitoring_actionplanstatus",
    "monitoring_actionupdate",
)

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION monitoring_insert_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% rows are insert-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def install_defaults(apps, schema_editor):
    from carewatch.monitoring.services import install_defaults_with

    models = {name: apps.get_model("monitoring", name) for name in ("Framework", "FrameworkVersion", "Question", "Theme")}
    install_defaults_with(models, now=timezone.now())


def insert_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION, params=None)  # None: the % in RAISE is not a placeholder
        for table in INSERT_ONLY_TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION monitoring_insert_only();"
            )
    elif vendor == "sqlite":
        # Deletes stay possible on SQLite so that test databases can be flushed; the models refuse them.
        for table in INSERT_ONLY_TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_change BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are insert-only'); END;"
            )


def drop_insert_only(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in INSERT_ONLY_TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table};")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_change;")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS monitoring_insert_only();")


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [
        migrations.RunPython(install_defaults, migrations.RunPython.noop),
        migrations.RunPython(insert_only, drop_insert_only),
    ]
