from django.db import migrations

from cwg_portal.schedules import ensure_crontab_tasks

# Daily; the service tells each owner once per milestone and due date.
SCHEDULE = (
    "Tell owners and the chair of overdue JupyterCon milestones",
    "conferences.milestones_overdue_notify",
    {"minute": "15", "hour": "8"},
)


def create(apps, schema_editor):
    ensure_crontab_tasks(apps, [SCHEDULE])


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0001_jupytercon"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
