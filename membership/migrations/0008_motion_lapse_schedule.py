from django.db import migrations

from cwg_portal.schedules import ensure_crontab_tasks

SCHEDULE = (
    "Lapse motions nobody seconded in time",
    "membership.motions_lapse_due",
    {"minute": "*/10", "hour": "*"},
)


def create(apps, schema_editor):
    ensure_crontab_tasks(apps, [SCHEDULE])


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0007_motion_withdrawal_and_lapse"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
