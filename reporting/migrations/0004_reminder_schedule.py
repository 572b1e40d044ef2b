from django.db import migrations

from cwg_portal.schedules import ensure_crontab_tasks

# Daily: the service reminds each person at most once a day, from
# REPORT_REMINDER_DAYS before a report's due date.
SCHEDULES = (
    (
        "Remind the chair and the council of reports due soon",
        "reporting.reminders_send",
        {"minute": "0", "hour": "9"},
    ),
)


def create(apps, schema_editor):
    ensure_crontab_tasks(apps, SCHEDULES)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_council_review"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
