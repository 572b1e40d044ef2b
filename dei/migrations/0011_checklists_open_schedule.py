from django.db import migrations

from cwg_portal.schedules import ensure_crontab_tasks

# Daily: a JupyterCon edition or a workshop gets its checklist the day after it
# is created, whether or not anyone opened its page.
SCHEDULE = (
    "Open the DEI checklists of upcoming workshops and JupyterCon editions",
    "dei.checklists_open",
    {"minute": "30", "hour": "6"},
)


def create(apps, schema_editor):
    ensure_crontab_tasks(apps, [SCHEDULE])


class Migration(migrations.Migration):
    dependencies = [
        ("dei", "0010_training_and_mentoring"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
