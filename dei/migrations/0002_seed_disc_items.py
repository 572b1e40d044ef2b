from django.db import migrations

from dei.disc import ensure_disc_items


def create(apps, schema_editor):
    ensure_disc_items(apps.get_model("dei", "DiscItem"))


class Migration(migrations.Migration):
    dependencies = [("dei", "0001_disc_items")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
