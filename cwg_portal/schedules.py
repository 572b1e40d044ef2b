"""Periodic schedules are data (django-celery-beat rows), so that operators change
them in the admin without a deploy; the apps' migrations create them through this."""


def ensure_crontab_tasks(apps, schedules):
    """Create each (name, task name, crontab fields) schedule that is missing;
    existing ones keep what operators made of them."""
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, crontab in schedules:
        schedule, _ = CrontabSchedule.objects.get_or_create(
            **crontab, day_of_week="*", day_of_month="*", month_of_year="*"
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": schedule})
