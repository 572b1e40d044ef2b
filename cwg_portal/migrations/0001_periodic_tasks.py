from django.db import migrations

# Schedules are data: operators change them in the admin without a deploy.
SCHEDULES = [
    {
        "name": "Purge expired sessions and API tokens",
        "task": "cwg_portal.expired_credentials_purge",
        "crontab": {"minute": "17", "hour": "3"},
    },
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for schedule in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            **schedule["crontab"], day_of_week="*", day_of_month="*", month_of_year="*"
        )
        PeriodicTask.objects.get_or_create(
            name=schedule["name"], defaults={"task": schedule["task"], "crontab": crontab}
        )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[s["name"] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
