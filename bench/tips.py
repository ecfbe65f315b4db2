"""Tip submissions against gunicorn: tips per second and latency, without and with a 5 MB photo,
then where the time of one submission goes (measured in-process, stage by stage), and the photo's
size as uploaded, cleaned and stored. Target for the size: the clean photo is no larger than the
upload (it is re-encoded at the quality its quantisation tables show, at most 90).

Needs DATABASE_URL (PostgreSQL) and REDIS_URL, as production does. Starts gunicorn itself with
the repository's gunicorn.conf.py on BENCH_PORT (default 8201); no Celery worker is needed (the
notification tasks wait in Redis and are removed at the end).

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/tips.py
"""

import io
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import urllib3
from benchdb import csrf_cookie, dedicated_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("BENCH_PORT", "8201"))
BASE = f"http://127.0.0.1:{PORT}"
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
TEXT_TIPS = int(os.environ.get("BENCH_TEXT_TIPS", "600"))
PHOTO_TIPS = int(os.environ.get("BENCH_PHOTO_TIPS", "30"))
TIP_TEXT = "Benchmark tip: the man in the grey hoodie drives a white van and lives near the park. " * 6


def server_environment(media_root: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    # An empty static folder of the bench's own: whitenoise warns about a missing one.
    static_root = Path(media_root) / "static"
    static_root.mkdir(exist_ok=True)
    return {
        **os.environ,
        "DEBUG": "off",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop"),
        "TIP_ENCRYPTION_KEYS": os.environ.get("TIP_ENCRYPTION_KEYS", Fernet.generate_key().decode()),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "off",
        "SESSION_COOKIE_SECURE": "off",
        "CSRF_COOKIE_SECURE": "off",
        "STATIC_MANIFEST_OPTIONAL": "on",
        "MEDIA_ROOT": media_root,
        "STATIC_ROOT": str(static_root),
        "TIP_SUBMISSIONS_PER_HOUR": "100000000",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "4"),
        "GUNICORN_LOGLEVEL": "warning",
        "LOG_LEVEL": "WARNING",
    }


def photo_bytes(target_mb: float = 5.0) -> bytes:
    """A camera-like JPEG of about `target_mb` (noise keeps it from compressing to nothing)."""
    from PIL import Image

    width, height = 4000, 3000
    noise = Image.effect_noise((width, height), 64).convert("RGB")
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image = Image.blend(noise, gradient, 0.5)
    for quality in (92, 88, 84, 80, 75, 70, 60):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        if buffer.tell() <= target_mb * 1024 * 1024:
            break
    return buffer.getvalue()


class Client:
    """One browser: keeps its CSRF cookie, which the server rotates after every tip."""

    def __init__(self, pool: urllib3.PoolManager):
        self.pool = pool
        page = pool.request("GET", f"{BASE}/tips/")
        self.token = csrf_cookie(page)

    def send(self, photo: bytes | None) -> float:
        fields = {"body": TIP_TEXT, "csrfmiddlewaretoken": self.token}
        if photo is not None:
            fields["attachments"] = ("photo.jpg", photo, "image/jpeg")
        started = time.perf_counter()
        response = self.pool.request(
            "POST", f"{BASE}/tips/", fields=fields, headers={"Cookie": f"csrftoken={self.token}"}
        )
        elapsed = time.perf_counter() - started
        if response.status != 200 or b"tip-secret" not in response.data:
            raise RuntimeError(f"tip refused: {response.status} {response.data[:300]!r}")
        self.token = csrf_cookie(response)
        return elapsed


def run(label: str, count: int, photo: bytes | None, concurrency: int = CONCURRENCY) -> None:
    pool = urllib3.PoolManager(maxsize=concurrency, timeout=urllib3.Timeout(total=120))
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    remaining = iter(range(count))

    def worker() -> None:
        client = Client(pool)
        while True:
            with lock:
                if next(remaining, None) is None:
                    return
            try:
                elapsed = client.send(photo)
            except Exception as error:
                with lock:
                    errors.append(str(error))
                continue
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(min(concurrency, count))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    print(
        f"{label:<24} {len(latencies):>5} tips in {wall:6.2f}s  {len(latencies) / wall:7.1f} tips/s  "
        f"p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  max {latencies[-1] * 1000:7.1f} ms  errors {len(errors)}"
    )
    if errors:
        print("  first error:", errors[0][:300])


def breakdown(photo: bytes) -> bool:
    """Time each stage of one submission in this process (the same code the server runs), and
    compare the photo's size as uploaded, cleaned and stored; True if the clean photo is no larger
    than the upload."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tipportal.settings")
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from media.uploads import inspect_image
    from tips import crypto, receipts, services
    from tips.sanitise import IMAGE_FORMATS, sanitise_image

    def timed(function, repeat: int = 5) -> tuple[float, object]:
        best, result = float("inf"), None
        for _ in range(repeat):
            started = time.perf_counter()
            result = function()
            best = min(best, time.perf_counter() - started)
        return best * 1000, result

    upload = SimpleUploadedFile("photo.jpg", photo, content_type="image/jpeg")
    body, content_type = urllib3.encode_multipart_formdata({"body": TIP_TEXT, "attachments": ("p.jpg", photo)})

    def parse_upload():
        from django.core.handlers.wsgi import WSGIRequest

        request = WSGIRequest(
            {"REQUEST_METHOD": "POST", "PATH_INFO": "/tips/", "CONTENT_TYPE": content_type,
             "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "SERVER_NAME": "127.0.0.1",
             "SERVER_PORT": str(PORT), "wsgi.url_scheme": "http"}
        )  # fmt: skip
        request.FILES["attachments"].close()

    from django.test import Client as DjangoClient
    from django.test import RequestFactory

    from tipportal import ratelimit

    in_process = DjangoClient(HTTP_HOST="127.0.0.1")
    request = RequestFactory().post("/tips/", REMOTE_ADDR="127.0.0.1")

    sample = services.Receipt(tip=None, code="ACDE-FGHJ-KMNP", secret=receipts.new_secret())

    def render_receipt() -> None:
        from django.template.loader import render_to_string

        text = render_to_string("tips/receipt.txt", {"receipt": sample, "case": None})
        render_to_string("tips/receipt.html", {"receipt": sample, "case": None, "receipt_text": text}, request=request)

    def whole_request() -> None:
        response = in_process.post("/tips/", {"body": TIP_TEXT})
        if response.status_code != 200:
            raise RuntimeError(f"in-process tip refused: {response.status_code}")

    stages = [
        ("text: whole request", lambda: whole_request()),
        ("text: rate limit (Redis)", lambda: ratelimit.hit(ratelimit.client_key(request, "tip.bench", bits=16), 1, 60)),
        ("text: encrypt tip text", lambda: crypto.encrypt_text(TIP_TEXT)),
        ("text: new secret + HMAC", lambda: receipts.hash_secret(receipts.new_secret())),
        ("text: submit_tip (DB+queue)", lambda: services.submit_tip(body=TIP_TEXT)),
        ("text: render the receipt", lambda: render_receipt()),
        ("photo: parse the upload", parse_upload),
        ("photo: check (decode 1/8)", lambda: inspect_image(upload, IMAGE_FORMATS)),
        ("photo: sanitise (incl. check)", lambda: sanitise_image(upload)),
    ]
    results = {}
    print(f"\nWhere the time goes (best of 5, in this process, photo {len(photo) / 1e6:.1f} MB):")
    for name, function in stages:
        ms, results[name] = timed(function)
        print(f"  {name:<30} {ms:8.1f} ms")
    clean = results["photo: sanitise (incl. check)"].data
    ms, token = timed(lambda: crypto.encrypt_bytes(clean))
    print(f"  {'photo: encrypt':<30} {ms:8.1f} ms   ({len(clean) / 1e6:.1f} MB clean JPEG)")
    names = []
    ms, _ = timed(lambda: names.append(default_storage.save("tips/bench/photo.bin", ContentFile(token))))
    print(f"  {'photo: write to storage':<30} {ms:8.1f} ms")
    stored = default_storage.size(names[-1])
    for name in names:
        default_storage.delete(name)

    from PIL import Image

    from tips.jpeg_quality import estimate_quality

    def quality(data: bytes) -> int | None:
        return estimate_quality(Image.open(io.BytesIO(data)).quantization)

    print("\nPhoto size (target: the clean JPEG no larger than the upload):")
    share = f"{len(clean) / len(photo):.0%} of the upload"
    print(f"  {'upload':<20} {len(photo):>12,} bytes   JPEG quality {quality(photo)}")
    print(f"  {'clean JPEG':<20} {len(clean):>12,} bytes   JPEG quality {quality(clean)}, {share}")
    share = f"{stored / len(photo):.0%} of the upload (a Fernet token is base64)"
    print(f"  {'stored, encrypted':<20} {stored:>12,} bytes   {share}")
    met = len(clean) <= len(photo)
    print("  target met" if met else "  target MISSED")
    return met


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        print("bench/tips.py needs DATABASE_URL (PostgreSQL) and REDIS_URL; skipped.")
        return 0
    database_url, _ = dedicated_database(os.environ["DATABASE_URL"], "tips_bench", fresh=True)
    with tempfile.TemporaryDirectory(prefix="tips-bench-media-") as media_root:
        env = {**server_environment(media_root), "DATABASE_URL": database_url}
        os.environ.update(env)  # the in-process breakdown runs with the server's settings
        python = sys.executable
        subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        server = subprocess.Popen(
            [python, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tipportal.wsgi"], cwd=ROOT, env=env
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib3.request("GET", f"{BASE}/healthz", timeout=1)
                    break
                except urllib3.exceptions.HTTPError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("gunicorn did not start") from None
                    time.sleep(0.3)
            photo = photo_bytes()
            started = datetime.now(UTC)
            print(
                f"gunicorn {env['GUNICORN_WORKERS']} workers on {BASE}; {CONCURRENCY} concurrent clients; "
                f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other work skews the numbers)"
            )
            run("warm-up", 40, None)
            run("text only", TEXT_TIPS, None)
            run(f"with {len(photo) / 1e6:.1f} MB photo", PHOTO_TIPS, photo)
            run("photo, one at a time", 5, photo, concurrency=1)
        finally:
            server.terminate()
            server.wait(timeout=30)
        met = breakdown(photo)
        cleanup(started)
    return 0 if met else 1


def cleanup(started: datetime) -> None:
    """Remove the benchmark's tips (all made after `started`) and their queued notifications."""
    from tipportal.celery import app
    from tips.models import Tip

    removed, _ = Tip.objects.filter(created_at__gte=started).delete()
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge("default")
    print(f"\nRemoved the benchmark's {removed} rows and its queued notifications.")


if __name__ == "__main__":
    sys.exit(main())
