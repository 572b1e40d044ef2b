from django.db import migrations

from cwg_portal.schedules import ensure_crontab_tasks

# Schedules are data: operators change them in the admin without a deploy.
SCHEDULES = [
    (
        "Purge expired sessions and API tokens",
        "cwg_portal.expired_credentials_purge",
        {"minute": "17", "hour": "3"},
    ),
]


def create_schedules(apps, schema_editor):
    ensure_crontab_tasks(apps, SCHEDULES)


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _, _ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
