"""The ceiling: a minimal view answering the benchmarked paths with bytes read once at start-up.

BENCH_CEILING_PAGES names a directory of `<name>.html` files with a `paths.txt` of
`<name> <path>` lines, written by bench/pages.py from the real pages.
"""

import os
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import path


def _fixed(body: bytes):
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(body, content_type="text/html; charset=utf-8")

    return view


_pages = Path(os.environ["BENCH_CEILING_PAGES"])
urlpatterns = []
for line in (_pages / "paths.txt").read_text().splitlines():
    name, url = line.split(" ", 1)
    urlpatterns.append(path(url.lstrip("/"), _fixed((_pages / f"{name}.html").read_bytes())))
