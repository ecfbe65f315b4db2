import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.debug import ExceptionReporter

from tips.logfilters import TipExceptionReporterFilter, TipRequestFilter

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (DistinctiveTipsterPhone 42)"


def _server_record(path: str) -> logging.LogRecord:
    return logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', (f"POST {path} HTTP/1.1", 200, 9), None
    )


def test_the_development_server_logs_no_line_for_tipster_pages():
    assert TipRequestFilter().filter(_server_record("/tips/check/")) is False
    assert TipRequestFilter().filter(_server_record("/cases/")) is True


@pytest.mark.parametrize(
    "target",
    [
        "/%74ips/",
        "//tips/",
        "/%2574ips/check/",
        "///tips//check/?x=1",
        "/tips",
        "/%74ips?case=x",
        "http://site.test//tips/",
    ],
)
def test_the_development_server_logs_no_line_for_disguised_tipster_pages(target):
    assert TipRequestFilter().filter(_server_record(target)) is False


def test_the_development_server_still_logs_pages_that_only_look_alike():
    for target in ("/cases/tips-and-tricks/", "/desk/", "/cases/?q=tips"):
        assert TipRequestFilter().filter(_server_record(target)) is True


def test_warnings_on_tipster_pages_are_logged_without_the_request(client, caplog):
    caplog.set_level(logging.INFO)
    client.post(reverse("tips:send"), {"body": ""}, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    records = [r for r in caplog.records if r.name.startswith("django.")]
    assert records
    for record in records:
        assert record.getMessage() == "Warning while serving a tipster page (request details withheld)"
        assert getattr(record, "request", None) is None
    assert ADDRESS not in caplog.text and AGENT not in caplog.text and "/tips/" not in caplog.text


def test_error_reports_for_tipster_pages_carry_no_body_headers_or_local_variables(settings):
    settings.DEBUG = False
    request = RequestFactory().post(
        "/tips/",
        {"body": "my cousin did it"},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=AGENT,
        HTTP_REFERER="https://x.test/",
    )
    body = "my cousin did it"  # a local variable in the failing frame
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        report = ExceptionReporter(request, type(error), error, error.__traceback__)
        report.filter = TipExceptionReporterFilter()
        text = report.get_traceback_text()
    assert body not in text
    assert ADDRESS not in text
    assert AGENT not in text
    assert "x.test" not in text


def test_error_reports_for_other_pages_are_unchanged():
    request = RequestFactory().post("/cases/", {"q": "bottle"}, HTTP_USER_AGENT=AGENT)
    reporter_filter = TipExceptionReporterFilter()
    assert reporter_filter.get_post_parameters(request)["q"] == "bottle"
    assert reporter_filter.get_safe_request_meta(request)["HTTP_USER_AGENT"] == AGENT


def test_the_exception_reporter_filter_is_the_default(settings):
    assert settings.DEFAULT_EXCEPTION_REPORTER_FILTER == "tips.logfilters.TipExceptionReporterFilter"
