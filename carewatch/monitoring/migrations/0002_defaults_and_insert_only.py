"""The default themes and question sets, and history tables the database refuses to change."""

from django.db import migrations
from django.utils import timezone

from carewatch.core.db import InsertOnlyTrigger

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


def install_defaults(apps, schema_editor):
    from carewatch.monitoring.services import install_defaults_with

    models = {name: apps.get_model("monitoring", name) for name in ("Framework", "FrameworkVersion", "Question", "Theme")}
    install_defaults_with(models, now=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [
        migrations.RunPython(install_defaults, migrations.RunPython.noop),
        *(InsertOnlyTrigger(table=table) for table in INSERT_ONLY_TABLES),
    ]
