from django.db import migrations

from cwg_portal.schedules import ensure_crontab_tasks

SCHEDULE = (
    "Send the daily notification digests",
    "cwg_portal.notification_digests_send",
    {"minute": "0", "hour": "7"},
)


def create(apps, schema_editor):
    ensure_crontab_tasks(apps, [SCHEDULE])


class Migration(migrations.Migration):
    dependencies = [
        ("cwg_portal", "0002_notifications"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
