from django.db import migrations

from dei.glossary import ensure_glossary


def create(apps, schema_editor):
    ensure_glossary(apps.get_model("dei", "GlossaryEntry"))


class Migration(migrations.Migration):
    dependencies = [("dei", "0007_glossary")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
