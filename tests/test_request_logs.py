"""One structured log line per request, and never a query string in it."""

import json
import logging
import sys

import pytest
from django.urls import reverse

from justicecentre.logging import JsonFormatter

REQUEST_LOGGER = "justicecentre.requests"


def request_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == REQUEST_LOGGER]


def test_a_request_logs_one_line_with_its_facts(client, caseworker, caplog):
    client.force_login(caseworker)
    with caplog.at_level(logging.INFO, logger=REQUEST_LOGGER):
        response = client.get(reverse("clients:list"), {"q": "Nguyen Van Minh"})
    assert response.status_code == 200
    (line,) = request_lines(caplog)
    assert line.method == "GET"
    assert line.path == "/clients/"
    assert line.status == 200
    assert line.duration_ms >= 0
    assert line.user_id == caseworker.pk
    assert line.request_id == response["X-Request-ID"]
    assert len(line.request_id) == 32


def test_the_json_line_never_holds_the_query_string(client, caseworker, caplog):
    client.force_login(caseworker)
    with caplog.at_level(logging.INFO, logger=REQUEST_LOGGER):
        client.get(reverse("clients:list"), {"q": "Nguyen Van Minh"})
    (line,) = request_lines(caplog)
    entry = json.loads(JsonFormatter().format(line))
    assert entry["path"] == "/clients/"
    assert entry["status"] == 200
    assert entry["user_id"] == caseworker.pk
    assert entry["logger"] == REQUEST_LOGGER
    assert "Nguyen" not in json.dumps(entry)


def test_anonymous_requests_log_no_user(client, caplog):
    with caplog.at_level(logging.INFO, logger=REQUEST_LOGGER):
        response = client.get(reverse("clients:list"))
    assert response.status_code == 302
    (line,) = request_lines(caplog)
    assert line.status == 302
    assert line.user_id is None


@pytest.mark.parametrize(
    ("given", "kept"),
    [("proxy-req.123_abc", True), ("bad id with spaces", False), ("x" * 65, False)],
)
def test_a_sane_request_id_from_the_proxy_is_kept(client, caplog, given, kept, db):
    with caplog.at_level(logging.INFO, logger=REQUEST_LOGGER):
        response = client.get(reverse("health"), headers={"X-Request-ID": given})
    (line,) = request_lines(caplog)
    assert (line.request_id == given) is kept
    assert response["X-Request-ID"] == line.request_id


def test_request_log_can_be_turned_off(client, caplog, settings, db):
    settings.REQUEST_LOG = False
    with caplog.at_level(logging.INFO, logger=REQUEST_LOGGER):
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert request_lines(caplog) == []
    assert "X-Request-ID" not in response


def test_json_formatter_keeps_plain_extras_only_and_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Failed: %s", ("/x/",), exc_info
    )
    record.status_code = 500
    record.request = object()  # Django's request: its text form would carry the query string
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "Failed: /x/"
    assert entry["level"] == "ERROR"
    assert entry["status_code"] == 500
    assert "request" not in entry
    assert "ValueError: boom" in entry["exception"]
    assert entry["time"].endswith("+00:00")
