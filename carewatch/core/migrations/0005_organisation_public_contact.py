from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_user_job_title"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="public_phone",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="organisation",
            name="public_email",
            field=models.EmailField(blank=True, max_length=200),
        ),
    ]
