"""A trigram index on the phone's digits, so searching "9123 45" or "912345" finds
"9123 4567" without reading every client. The expression is exactly what
`clients.selectors.bare_phone` compiles to; PostgreSQL only, like 0004."""

from django.db import migrations

NAME = "client_phone_digits_trgm"
EXPRESSION = "REPLACE(REPLACE(\"phone\", ' ', ''), '-', '')"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "clients_client" '
        f"USING gin (({EXPRESSION}) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    dependencies = [("clients", "0007_dependant_updated_at")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
