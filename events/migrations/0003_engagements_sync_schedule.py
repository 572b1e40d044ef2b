from django.db import migrations

from cwg_portal.schedules import ensure_crontab_tasks

# Early each day, so that an engagement's first and last days count in full.
SCHEDULE = (
    "Grant and remove the events-staff role as engagements start and end",
    "events.engagements_sync",
    {"minute": "5", "hour": "0"},
)


def create(apps, schema_editor):
    ensure_crontab_tasks(apps, [SCHEDULE])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_events_staff_and_task_boards"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
