"""Log formatting: one JSON object per line, for whatever collects the app servers' logs.

Selected with DJANGO_LOG_FORMAT=json (the production default). Only plain values given
through ``extra=`` become fields: objects such as Django's ``request`` are left out,
because their text form carries the query string, and query strings can hold client
names.
"""

import datetime
import json
import logging

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
_STANDARD = frozenset(
    logging.LogRecord("", 0, "", 0, "", (), None).__dict__.keys()
    | {"message", "asctime", "taskName"}
)
_PLAIN = (str, int, float, bool, type(None))


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, the plain `extra` fields, and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in entry and isinstance(value, _PLAIN):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
