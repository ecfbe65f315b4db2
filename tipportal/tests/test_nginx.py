"""The shipped nginx site, for real: Debian's nginx, rendered by deploy/nginx_site.py for a high
port and temporary folders (plain HTTP), in front of a real gunicorn serving the test database.

Skipped (with the reason) without nginx; a failure when TIPPORTAL_REQUIRE_SERVICES is set (CI).
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, _database_url
from deploy.nginx_site import arguments, body_limits, render

pytestmark = [pytest.mark.nginx, pytest.mark.postgres]

# The tipster's machine: an address of its own on loopback, and a user agent no other test sends.
TIPSTER_ADDRESS = "127.0.0.3"
TIPSTER_AGENT = f"TipsterPhone/7.3 (Android 14; {uuid.uuid4().hex})"
# Small upload limits, so the request at the limit is a few megabytes, not hundreds.
LIMITS = {"TIP_MAX_IMAGE_MB": 1, "TIP_MAX_VIDEO_MB": 1}
MIB = 1024 * 1024


def nginx_binary() -> str | None:
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str


@dataclass
class Proxy:
    port: int
    prefix: Path
    limits: dict[str, int]

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict[str, str] | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=(TIPSTER_ADDRESS, 0))
        try:
            connection.request(method, path, body=body, headers={"User-Agent": TIPSTER_AGENT, **(headers or {})})
            response = connection.getresponse()
            return Response(response.status, response.headers, response.read().decode("utf-8", "replace"))
        finally:
            connection.close()

    def logs(self) -> dict[str, str]:
        """Every file nginx wrote (access and error logs, the standalone error log)."""
        return {
            str(path): path.read_text(errors="replace") for path in (self.prefix / "logs").rglob("*") if path.is_file()
        }


def _wait_for(port: int, process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not listen on {port} within 60 s:\n{log.read_text()}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def proxy(transactional_db, settings, tmp_path):
    """nginx with the shipped site on a high port, gunicorn (gunicorn.conf.py) behind it."""
    binary = nginx_binary()
    if binary is None:
        pytest.fail("nginx is not installed")  # the marker skipped already, unless CI requires it
    for name, value in LIMITS.items():
        setattr(settings, name, value)
    settings.STATIC_ROOT = str(tmp_path / "static")
    (tmp_path / "static").mkdir()
    prefix = tmp_path / "nginx"
    for folder in ("logs", "temp", "cache"):
        (prefix / folder).mkdir(parents=True)
    port, upstream_port = free_port(), free_port()
    config = prefix / "nginx.conf"
    args = arguments([
        "--no-tls", "--listen", f"127.0.0.1:{port}", "--upstream", f"127.0.0.1:{upstream_port}",
        "--standalone", "--prefix", str(prefix), "--cache-dir", str(prefix / "cache"),
        "--log-dir", str(prefix / "logs"),
    ])  # fmt: skip
    config.write_text(render(settings, args))

    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "CACHE_URL"}}
    env.update({
        # No broker: the web process runs the tip's tasks itself, as the embedded default does.
        "DATABASE_URL": _database_url(), "CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT), "STATIC_ROOT": settings.STATIC_ROOT,
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SITE_URL": f"http://127.0.0.1:{port}",
        "TRUSTED_PROXIES": "127.0.0.1", "GUNICORN_BIND": f"127.0.0.1:{upstream_port}", "GUNICORN_WORKERS": "2",
        "GUNICORN_LOGLEVEL": "warning", "LOG_LEVEL": "WARNING", "PUBLIC_PAGE_LOCAL_SECONDS": "0",
        **{name: str(value) for name, value in LIMITS.items()},
    })  # fmt: skip
    gunicorn_log = tmp_path / "gunicorn.log"
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tipportal.wsgi"],
        cwd=ROOT, env=env, stdout=gunicorn_log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    nginx_log = tmp_path / "nginx-stderr.log"
    nginx = subprocess.Popen(
        [binary, "-p", str(prefix), "-e", str(prefix / "logs" / "error.log"), "-c", str(config)],
        stdout=nginx_log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        _wait_for(upstream_port, gunicorn, gunicorn_log, "gunicorn")
        _wait_for(port, nginx, nginx_log, "nginx")
        yield Proxy(port=port, prefix=prefix, limits=body_limits(settings))
    finally:
        _stop(nginx)
        _stop(gunicorn)


def multipart(fields: dict[str, str], files: dict[str, tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content_type, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def tip_post(proxy: Proxy, *, photo: bytes, padding: int = 0, total: int | None = None) -> Response:
    """Open the tip form through nginx, then send it with `photo`; with `total`, an extra file
    field pads the whole request body to exactly that many bytes."""
    form = proxy.request("GET", "/tips/")
    assert form.status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    cookie = re.search(r"csrftoken=([^;]+)", form.headers.get("Set-Cookie", "")).group(1)
    fields = {"csrfmiddlewaretoken": token, "body": "The grey van at Elm St is there every night at 2."}

    def build(pad: int) -> tuple[bytes, str]:
        files = {"attachments": ("IMG_2041.jpg", "image/jpeg", photo)}
        if pad:
            files["padding"] = ("padding.bin", "application/octet-stream", b"p" * pad)
        return multipart(fields, files)

    body, content_type = build(padding)
    if total is not None:
        base, _type = build(1)
        body, content_type = build(1 + total - len(base))
        assert len(body) == total
    headers = {"Content-Type": content_type, "Cookie": f"csrftoken={cookie}", "Sec-Fetch-Site": "same-origin"}
    return proxy.request("POST", "/tips/", body=body, headers=headers)


def test_a_public_page_is_served_from_the_micro_cache_on_the_second_visit(proxy):
    first = proxy.request("GET", "/cases/")
    second = proxy.request("GET", "/cases/")
    assert first.status == second.status == 200
    assert first.headers["X-Cache-Status"] == "MISS"
    assert second.headers["X-Cache-Status"] == "HIT"
    assert second.text == first.text


def test_a_visitor_with_a_session_cookie_never_gets_the_cached_page(proxy):
    proxy.request("GET", "/cases/")
    for _ in range(2):
        signed_in = proxy.request("GET", "/cases/", headers={"Cookie": "csrftoken=abc; sessionid=someones-session"})
        assert signed_in.status == 200
        assert signed_in.headers["X-Cache-Status"] == "BYPASS"


@pytest.mark.parametrize("path", ["/tips/", "/tips/check/", "/accounts/login/", "/es/jsi18n/"])
def test_tip_and_account_pages_are_never_served_from_the_micro_cache(proxy, path):
    statuses = [proxy.request("GET", path).headers.get("X-Cache-Status") for _ in range(3)]
    if path == "/es/jsi18n/":
        # A public page under a language prefix: cached like any other.
        assert statuses[:2] == ["MISS", "HIT"]
    else:
        assert "HIT" not in statuses
        assert statuses == [None, None, None]


def test_a_public_page_django_marks_never_cache_is_not_stored(proxy):
    statuses = [proxy.request("GET", "/alerts/subscribe/").headers["X-Cache-Status"] for _ in range(3)]
    assert statuses == ["MISS", "MISS", "MISS"]


def test_a_post_is_never_served_from_the_micro_cache(proxy):
    proxy.request("GET", "/cases/")
    response = proxy.request("POST", "/cases/", body=b"", headers={"Content-Length": "0"})
    assert response.headers.get("X-Cache-Status") != "HIT"


def test_an_upload_at_the_size_limit_passes_and_one_byte_over_gets_the_413_page(proxy):
    from tips.models import Tip
    from tips.tests.media import tagged_jpeg

    limit = proxy.limits["tips"] * MIB
    assert proxy.limits["tips"] == 5 * 1 + 5 + 1  # 5 files of 1 MB, the form's fields, a margin

    at_limit = tip_post(proxy, photo=tagged_jpeg(), total=limit)
    assert at_limit.status == 200, at_limit.text[:500]
    assert Tip.objects.count() == 1

    over = tip_post(proxy, photo=tagged_jpeg(), total=limit + 1)
    assert over.status == 413
    assert "What you sent is too large" in over.text
    assert "send fewer files at a time" in over.text
    assert "Lo que envió es demasiado grande" in over.text
    assert "nginx" not in over.text
    assert Tip.objects.count() == 1


def test_a_tip_with_a_photo_sent_through_nginx_leaves_no_address_or_user_agent_in_any_log(proxy):
    from tips.models import Tip
    from tips.tests.media import tagged_jpeg

    response = tip_post(proxy, photo=tagged_jpeg())
    assert response.status == 200
    assert "Lose the receipt, lose access" in response.text
    tip = Tip.objects.get()
    assert tip.attachments.count() == 1
    # Things that write error lines on a stock nginx: missing files, refused media, a dead end.
    for path in ("/static/missing.css", "/media/originals/2026/01/x.jpg", "/media/tips/x.bin", "/no-such-page/"):
        assert proxy.request("GET", path, headers={"Referer": "https://elsewhere.example/"}).status == 404

    logs = proxy.logs()
    access = logs[str(proxy.prefix / "logs" / "tipportal.access.log")]
    assert "POST 200" in access  # it does log: when, what, how it went
    for name, text in logs.items():
        assert TIPSTER_ADDRESS not in text, name
        assert TIPSTER_AGENT.split()[0] not in text, name
        assert "elsewhere.example" not in text, name
        assert "/tips/" not in text, name


def test_only_renditions_and_posters_are_served_under_media(proxy, settings):
    media = Path(settings.MEDIA_ROOT)
    public = {"stills/renditions/7/800.webp": b"rendition", "videos/posters/7.jpg": b"poster"}
    private = {
        "originals/stills/2026/01/5f0c.jpg": b"original with GPS",
        "tips/2026/01/attachment.bin": b"encrypted tip attachment",
        "stills/renditions/7/../../../originals/stills/2026/01/5f0c.jpg": None,
    }
    for name, data in {**public, **private}.items():
        if data is not None:
            (media / name).parent.mkdir(parents=True, exist_ok=True)
            (media / name).write_bytes(data)
    for name, data in public.items():
        response = proxy.request("GET", f"/media/{name}")
        assert (response.status, response.text.encode()) == (200, data)
    for name in private:
        assert proxy.request("GET", f"/media/{name}").status == 404, name


def test_the_production_site_with_tls_and_http2_passes_nginx_own_check(settings, tmp_path):
    """The site as deployed (certificate paths, HTTP/2, the port 80 redirect), checked by `nginx -t`."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tips.example.gov")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256())
    )  # fmt: skip
    (tmp_path / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    prefix = tmp_path / "nginx"
    for folder in ("logs", "temp", "cache"):
        (prefix / folder).mkdir(parents=True)
    args = arguments([
        "--server-name", "tips.example.gov", "--listen", f"127.0.0.1:{free_port()}",
        "--certificate", str(tmp_path / "cert.pem"), "--certificate-key", str(tmp_path / "key.pem"),
        "--standalone", "--prefix", str(prefix), "--cache-dir", str(prefix / "cache"),
        "--log-dir", str(prefix / "logs"), "--acme-root", str(tmp_path),
    ])  # fmt: skip
    site = render(settings, args)
    assert "ssl http2;" in site or "http2 on;" in site
    assert "return 301 https://$host$request_uri;" in site
    assert "server_tokens off;" in site
    # `nginx -t` binds nothing, but an unprivileged user's nginx refuses port 80 in the config.
    site = site.replace("listen 80;", f"listen 127.0.0.1:{free_port()};").replace("listen [::]:80;", "")
    (prefix / "nginx.conf").write_text(site)
    checked = subprocess.run(
        [nginx_binary(), "-t", "-p", str(prefix), "-e", str(prefix / "logs" / "error.log"),
         "-c", str(prefix / "nginx.conf")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
