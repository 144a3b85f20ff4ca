"""The audit trail is append-only: the database refuses to change or delete an entry (docs/security.md)."""

from django.db import migrations

from carewatch.core.db import InsertOnlyTrigger


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [InsertOnlyTrigger(table="core_auditentry", message="audit entries are append-only")]
