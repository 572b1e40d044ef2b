from django.db import migrations

from dei.disc import assign_disc_themes


def assign(apps, schema_editor):
    assign_disc_themes(apps.get_model("dei", "DiscItem"))


class Migration(migrations.Migration):
    dependencies = [("dei", "0003_event_checklists")]

    operations = [migrations.RunPython(assign, migrations.RunPython.noop)]
