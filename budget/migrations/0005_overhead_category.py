from django.db import migrations

from budget.categories import ensure_standard_categories


def create(apps, schema_editor):
    ensure_standard_categories(apps.get_model("budget", "Category"))


class Migration(migrations.Migration):
    dependencies = [("budget", "0004_ledger_import")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
