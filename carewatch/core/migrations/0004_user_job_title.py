from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_organisation_four_eyes"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="job_title",
            field=models.CharField(blank=True, max_length=100),
        ),
    ]
