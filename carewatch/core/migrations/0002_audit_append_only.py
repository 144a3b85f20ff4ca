"""The audit trail is append-only: the database refuses to change or delete an entry (docs/security.md)."""

from django.db import migrations

from carewatch.core.db import InsertOnlyTrigger


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        # Only for speed: django-otp's migrations alter models that point at User, and each such
        # change re-renders every model related to User. Run before the apps that depend on this
        # migration (cases, letters, monitoring) add theirs, they re-render a handful instead of all.
        ("otp_static", "__latest__"),
        ("otp_totp", "__latest__"),
    ]
    operations = [InsertOnlyTrigger(table="core_auditentry", message="audit entries are append-only")]
