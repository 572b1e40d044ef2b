from django.db import migrations

from cwg_portal.schedules import ensure_crontab_tasks

SCHEDULES = [
    (
        "Send the daily notification digests",
        "cwg_portal.notification_digests_send",
        {"minute": "0", "hour": "7"},
    ),
]


def create(apps, schema_editor):
    ensure_crontab_tasks(apps, SCHEDULES)


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _, _ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("cwg_portal", "0002_notifications")]

    operations = [migrations.RunPython(create, remove)]
