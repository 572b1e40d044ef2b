from django.db import migrations

# Daily, so that each workshop is reminded on the day its week comes round; the
# service sends at most one reminder a week per workshop.
SCHEDULE = (
    "Remind organisers of post-event summaries not yet filed",
    "workshops.summaries_remind",
    {"minute": "0", "hour": "8"},
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
        ("workshops", "0001_workshops_program"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
