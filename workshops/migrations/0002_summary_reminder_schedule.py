from django.db import migrations

from cwg_portal.schedules import ensure_crontab_tasks

# Daily, so that each workshop is reminded on the day its week comes round; the
# service sends at most one reminder a week per workshop.
SCHEDULE = (
    "Remind organisers of post-event summaries not yet filed",
    "workshops.summaries_remind",
    {"minute": "0", "hour": "8"},
)


def create(apps, schema_editor):
    ensure_crontab_tasks(apps, [SCHEDULE])


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0001_workshops_program"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
