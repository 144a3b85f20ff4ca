"""Case status rows are history: the database refuses to change them (ADR 0008)."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION cases_casestatus_insert_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'case status rows are insert-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_casestatus_no_update BEFORE UPDATE OR DELETE ON cases_casestatus
  FOR EACH ROW EXECUTE FUNCTION cases_casestatus_insert_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS cases_casestatus_no_update ON cases_casestatus;
DROP FUNCTION IF EXISTS cases_casestatus_insert_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER cases_casestatus_no_update BEFORE UPDATE ON cases_casestatus
BEGIN SELECT RAISE(ABORT, 'case status rows are insert-only'); END;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)
    elif schema_editor.connection.vendor == "sqlite":
        # Deletes stay possible on SQLite so that test databases can be flushed; the model refuses them.
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS cases_casestatus_no_update;")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
