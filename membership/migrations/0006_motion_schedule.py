from django.db import migrations

from cwg_portal.schedules import ensure_crontab_tasks

SCHEDULE = (
    "Close formal votes past their closing time",
    "membership.motions_close_due",
    {"minute": "*/10", "hour": "*"},
)


def create(apps, schema_editor):
    ensure_crontab_tasks(apps, [SCHEDULE])


class Migration(migrations.Migration):

    dependencies = [
        ("membership", "0005_motions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
