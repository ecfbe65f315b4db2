"""Keep tipsters' requests out of logs and error reports (anonymity promise).

gunicorn writes no access log (gunicorn.conf.py). Django's own request logs are filtered here: the
development server's request lines for tipster pages are dropped, and warnings or errors raised
while serving one keep their level and traceback but lose the request (path, body, headers).
"""

import logging

from django.http import HttpRequest
from django.views.debug import SafeExceptionReporterFilter

TIPSTER_PATH_PREFIX = "/tips/"


def is_tipster_request(request: object) -> bool:
    path = getattr(request, "path_info", None) or getattr(request, "path", None)
    return isinstance(path, str) and path.startswith(TIPSTER_PATH_PREFIX)


class TipRequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.server":
            try:
                message = record.getMessage()
            except Exception:  # a malformed record: let logging report it as usual
                return True
            return f" {TIPSTER_PATH_PREFIX}" not in message
        if is_tipster_request(getattr(record, "request", None)):
            record.msg = "%s while serving a tipster page (request details withheld)"
            record.args = (record.levelname.title(),)
            record.request = None
        return True


class TipExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports for tipster pages carry no POST data, headers or local variables."""

    def get_post_parameters(self, request: HttpRequest | None):
        if is_tipster_request(request):
            return {}
        return super().get_post_parameters(request)

    def get_safe_request_meta(self, request: HttpRequest) -> dict:
        if is_tipster_request(request):
            return {}
        return super().get_safe_request_meta(request)

    def get_traceback_frame_variables(self, request: HttpRequest | None, tb_frame):
        if is_tipster_request(request):
            return []
        return super().get_traceback_frame_variables(request, tb_frame)
