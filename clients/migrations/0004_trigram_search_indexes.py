"""Trigram indexes so a partial or misspelt name, alias or file number finds its client
quickly at 100,000 clients. PostgreSQL only: SQLite (the `make run` default) keeps plain
matching, so the indexes are created by SQL that runs only on PostgreSQL and are not
declared on the models.

Two per name column: UPPER(column) serves Django's `icontains` (UPPER(col) LIKE UPPER(%s)),
the plain column serves the `trigram_word_similar` lookup for misspellings.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "client_family_upper_trgm": ("clients_client", 'UPPER("family_name")'),
    "client_given_upper_trgm": ("clients_client", 'UPPER("given_name")'),
    "client_preferred_upper_trgm": ("clients_client", 'UPPER("preferred_name")'),
    "client_file_no_upper_trgm": ("clients_client", 'UPPER("immd_file_number")'),
    "client_reference_upper_trgm": ("clients_client", 'UPPER("reference")'),
    "client_family_trgm": ("clients_client", '"family_name"'),
    "client_given_trgm": ("clients_client", '"given_name"'),
    "alias_name_upper_trgm": ("clients_clientalias", 'UPPER("name")'),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, expression) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (({expression}) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_consent_partner")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create, drop),
    ]
