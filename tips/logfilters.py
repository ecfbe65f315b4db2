"""Keep tipsters' requests out of logs and error reports (anonymity promise).

gunicorn writes no access log (gunicorn.conf.py). Django's own request logs are filtered here: the
development server's request lines for tipster pages are dropped, and warnings or errors raised
while serving one keep their level and traceback but lose the request (path, body, headers).
"""

import logging
import re
from urllib.parse import unquote, urlsplit

from django.http import HttpRequest
from django.views.debug import SafeExceptionReporterFilter

TIPSTER_PATH_PREFIX = "/tips/"
# The officers' desk (/desk/) is not filtered: its requests are officers', audited anyway, and
# carry nothing about who sent a tip.

_SLASHES = re.compile(r"/{2,}")


def normalise_path(target: str) -> str:
    """The path a request target reaches, however it is spelt: absolute form reduced to its path,
    query and fragment dropped, percent-escapes decoded (repeatedly, so %2574 is caught too) and
    runs of slashes collapsed, lower-cased."""
    if "://" in target.split("?", 1)[0]:
        target = urlsplit(target).path
    path = target.split("?", 1)[0].split("#", 1)[0]
    for _ in range(5):
        decoded = unquote(path)
        if decoded == path:
            break
        path = decoded
    return _SLASHES.sub("/", "/" + path).lower()


def is_tipster_path(target: str) -> bool:
    path = normalise_path(target)
    return path.startswith(TIPSTER_PATH_PREFIX) or path == TIPSTER_PATH_PREFIX.rstrip("/")


def is_tipster_request(request: object) -> bool:
    path = getattr(request, "path_info", None) or getattr(request, "path", None)
    return isinstance(path, str) and is_tipster_path(path)


def _request_target(message: str) -> str | None:
    # The development server logs '"GET /target HTTP/1.1" 200 123'.
    parts = message.lstrip('"').split(" ")
    return parts[1] if len(parts) > 1 else None


class TipRequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.server":
            try:
                message = record.getMessage()
            except Exception:  # a malformed record: let logging report it as usual
                return True
            target = _request_target(message)
            if target is not None and is_tipster_path(target):
                return False
            # Belt and braces for lines in other shapes ("code 400, message Bad request ..."):
            # one naming a tip page anywhere, however spelt, is dropped rather than parsed.
            return TIPSTER_PATH_PREFIX not in normalise_path(message.replace(" ", "/"))
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
