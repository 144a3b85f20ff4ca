"""Case status rows are history: the database refuses to change them (ADR 0008)."""

from django.db import migrations

from carewatch.core.db import InsertOnlyTrigger


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [InsertOnlyTrigger(table="cases_casestatus", message="case status rows are insert-only")]
