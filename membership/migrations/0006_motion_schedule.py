from django.db import migrations

SCHEDULE = (
    "Close formal votes past their closing time",
    "membership.motions_close_due",
    {"minute": "*/10", "hour": "*"},
)


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    name, task, crontab = SCHEDULE
    schedule, _ = CrontabSchedule.objects.get_or_create(
        **crontab, day_of_week="*", day_of_month="*", month_of_year="*"
    )
    PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": schedule})


class Migration(migrations.Migration):

    dependencies = [
        ("membership", "0005_motions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
