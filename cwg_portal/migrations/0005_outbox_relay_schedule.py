from django.db import migrations

from cwg_portal.schedules import ensure_crontab_tasks

# Every minute: the tasks whose commit found the broker down wait no longer than that.
SCHEDULES = [
    ("Relay the outbox to the broker", "cwg_portal.outbox_relay", {"minute": "*", "hour": "*"}),
]


def create_schedules(apps, schema_editor):
    ensure_crontab_tasks(apps, SCHEDULES)


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _, _ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("cwg_portal", "0004_outbox_message")]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
