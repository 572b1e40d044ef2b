from django.db import migrations

from cwg_portal.schedules import ensure_crontab_tasks

# Nightly, so that the chair finds the figures of the reports in the making fresh
# each morning; a build whose figures did not change makes no new version.
SCHEDULES = (
    (
        "Rebuild the reports to the council still in the making",
        "reporting.reports_build_scheduled",
        {"minute": "30", "hour": "2"},
    ),
)


def create(apps, schema_editor):
    ensure_crontab_tasks(apps, SCHEDULES)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_reports"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
