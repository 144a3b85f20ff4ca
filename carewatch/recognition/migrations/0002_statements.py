"""The seven statements for employers, in carewatch's own words (``recognition/statements.py``)."""

from django.db import migrations

from carewatch.recognition.statements import DEFAULT_STATEMENTS


def write_statements(apps, schema_editor):
    statement = apps.get_model("recognition", "CommitmentStatement")
    for number, title, text in DEFAULT_STATEMENTS:
        statement.objects.get_or_create(number=number, defaults={"title": title, "text": text})


class Migration(migrations.Migration):
    dependencies = [("recognition", "0001_initial")]

    operations = [migrations.RunPython(write_statements, migrations.RunPython.noop)]
