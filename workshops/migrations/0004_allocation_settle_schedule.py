from django.db import migrations

from cwg_portal.schedules import ensure_crontab_tasks

SCHEDULE = (
    "Return the unspent awards of reported workshops once their claims are settled",
    "workshops.allocations_settle",
    {"minute": "30", "hour": "2"},
)


def create(apps, schema_editor):
    ensure_crontab_tasks(apps, [SCHEDULE])


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0003_first_time_contributors_label"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
