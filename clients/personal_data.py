"""Everything the centre holds about one client, for a data access request (PDPO s.18).

Walks the client's related records generically, so a record kind added by any app is
included without anyone remembering to add it here. Internal access control (grants)
and the audit trail are not personal data held *about* the client's case and are left
out; uploaded files are listed, and handed over separately.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Client

SKIP = {("accounts", "accessgrant")}
MAX_DEPTH = 3


def _value(record: models.Model, field: models.Field):
    value = getattr(record, field.name)
    if value is None or value == "":
        return None
    if isinstance(field, models.ForeignKey):
        return str(value)
    if isinstance(field, models.FileField):
        return value.name.rsplit("/", 1)[-1] if value else None
    if field.choices:
        return str(getattr(record, f"get_{field.name}_display")())
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value if isinstance(value, int | float) else str(value)


def _record(record: models.Model, parent: type[models.Model] | None, depth: int) -> dict:
    fields = {}
    for field in record._meta.concrete_fields:
        if field.primary_key or (parent and field.is_relation and field.related_model is parent):
            continue
        value = _value(record, field)
        if value is not None:
            fields[str(field.verbose_name)] = value
    for field in record._meta.many_to_many:
        names = [str(item) for item in getattr(record, field.name).all()]
        if names:
            fields[str(field.verbose_name)] = "; ".join(names)
    children = _children(record, depth + 1) if depth < MAX_DEPTH else {}
    return {"fields": fields, "related": children}


def _children(record: models.Model, depth: int) -> dict:
    related = {}
    for relation in record._meta.related_objects:
        model = relation.related_model
        if not (relation.one_to_many or relation.one_to_one):
            continue
        if (model._meta.app_label, model._meta.model_name) in SKIP:
            continue
        if relation.one_to_one:
            rows = [getattr(record, relation.get_accessor_name(), None)]
            rows = [row for row in rows if row is not None]
        else:
            rows = list(getattr(record, relation.get_accessor_name()).all())
        if rows:
            related[str(model._meta.verbose_name_plural)] = [
                _record(row, type(record), depth) for row in rows
            ]
    return related


def personal_data(client: Client) -> dict:
    return {"reference": client.reference, **_record(client, None, 0)}
