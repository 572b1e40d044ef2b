from django.db import migrations

MESSAGE = "ledger entries are append-only: post a reversing entry instead"

POSTGRES_INSTALL = f"""
CREATE OR REPLACE FUNCTION budget_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER budget_ledgerentry_append_only
    BEFORE UPDATE OR DELETE ON budget_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION budget_ledger_append_only();
"""
POSTGRES_REMOVE = """
DROP TRIGGER IF EXISTS budget_ledgerentry_append_only ON budget_ledgerentry;
DROP FUNCTION IF EXISTS budget_ledger_append_only();
"""
SQLITE_INSTALL = [
    f"""CREATE TRIGGER budget_ledgerentry_no_update BEFORE UPDATE ON budget_ledgerentry
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER budget_ledgerentry_no_delete BEFORE DELETE ON budget_ledgerentry
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS budget_ledgerentry_no_update;",
    "DROP TRIGGER IF EXISTS budget_ledgerentry_no_delete;",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_INSTALL)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_INSTALL:
            schema_editor.execute(statement)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_REMOVE)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_REMOVE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    """The database itself refuses to change or delete a posted ledger entry, so no
    path (the admin, the shell, raw SQL from the application) can do it."""

    dependencies = [("budget", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
