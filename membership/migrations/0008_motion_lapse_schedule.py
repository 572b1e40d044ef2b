from django.db import migrations

SCHEDULE = (
    "Lapse motions nobody seconded in time",
    "membership.motions_lapse_due",
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
        ("membership", "0007_motion_withdrawal_and_lapse"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
