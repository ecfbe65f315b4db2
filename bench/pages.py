"""Public pages under load: the case list and a case page, beside a ceiling of fixed bytes; and
how the uncached pages grow as the archive grows from 2,000 to 20,000 cases.

Seeds a dedicated PostgreSQL database (`<your DATABASE_URL's name>_pages_bench`, dropped and made
afresh each run) with 2,000 published cases, three stills each with renditions, and updates. Then
serves it with gunicorn and the repository's gunicorn.conf.py, production-like (DEBUG off, static
files collected, Redis as the cache so anonymous pages come from the page cache; only
SECURE_SSL_REDIRECT is off because the run is plain HTTP on loopback), and loads `/cases/` and one
case page with `wrk` as anonymous visitors (no cookies).

Beside it, a second gunicorn with the same configuration and the same settings except the URLconf
(bench/ceiling/) answers the same paths with the same bytes from memory: the ceiling for any
Django page. Target: the real pages reach at least 60% of the ceiling's requests per second.
For scale only, each page is also loaded with the page cache bypassed (rendered every time).

The archive part seeds a second database (`..._pages_bench_archive`) the same way with 20,000
cases published over seven years, serves it with a third gunicorn, and times the pages rendered
for every request (page cache bypassed; one request at a time, so the figure is the time of one
page, not queueing), the two servers taking turns request by request: the case list, its last
page, a filtered list, the new cases feed, the figures page and a word search. Targets: at 20,000
cases each page takes at most 1.2 times as long as at 2,000, and a search takes under 50 ms.

Usage: DATABASE_URL=postgres://... REDIS_URL=redis://... python bench/pages.py
       [--duration 10] [--connections 16] [--rounds 5] [--port 8501] [--keep-database]
       [--archive-requests 200] [--skip-ceiling] [--skip-archive]
Only 127.0.0.1 is contacted; every load run is bounded in time and connections.
"""

import argparse
import contextlib
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

from benchdb import dedicated_database, drop_database, production_env

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = 2000
ARCHIVE_CASES = 20000
STILLS_PER_CASE = 3
TARGET = 0.6
ARCHIVE_TARGET = 1.2  # at most this many times slower at ARCHIVE_CASES than at CASES
SEARCH_TARGET_MS = 50  # an uncached search at ARCHIVE_CASES
MAX_CONNECTIONS = 256
MAX_DURATION = 120
BYPASS_CACHE = ("Cookie: messages=bench",)  # a pending flash message bypasses the page cache

TITLES = [
    "Bottle of whiskey taken from liquor store", "Phone snatched at the bus station", "Break-in at hardware shop",
    "Car windows smashed overnight", "Pickup truck stolen from a driveway", "Card skimmer fitted to an ATM",
    "Assault outside a bar", "Tools taken from a building site", "Bicycle stolen from the station racks",
    "Parcel taken from a porch", "Shoplifting at the pharmacy", "Graffiti on the library wall",
]  # fmt: skip
# 7 colours x 6 garments: every combination recurs every 42 cases, so "red cap" finds 1 case in 42.
COLOURS = ["grey", "red", "black", "navy", "green", "white", "brown"]
GARMENTS = ["hooded top", "baseball cap", "rain jacket", "tracksuit top", "woollen hat", "leather jacket"]
SUMMARY = (
    "A man took goods from the shelves and walked out without paying. He wore a {colour} {garment}, dark "
    "trousers and white trainers, and left towards the river on foot.\n\n"
    "The shop's camera caught him clearly at the till. If you know who he is, tell us: you do not need "
    "to give your name.\n\nThank you to everyone who shared our earlier posts."
)
# Pages timed uncached at both archive sizes; the search must find the seeded "red baseball cap".
ARCHIVE_PAGES = {
    "list": "/cases/",
    "last page": "/cases/?page=99999",  # an out-of-range page shows the last: 167th, or 1,667th
    "filtered": "/cases/?status=solved",
    "feed": "/cases/feeds/new.rss",
    "figures": "/figures/",
    "search": "/cases/?q=red+cap",
    "search man": "/cases/?q=man",  # for scale: every case has the word, so no target
}


def seed(media_root: Path, count: int) -> str:
    """Bulk-create `count` cases, one published every 3 hours back from now; return the path of
    the newest case's page."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.text import slugify

    from cases.management.demo_images import camera_still
    from cases.models import Area, Case, CaseUpdate, Category, Still
    from media.renditions import render_widths
    from moderation.models import Comment

    call_command("migrate", verbosity=0)
    now = timezone.now()
    # A few distinct pictures, each with real rendition files; the stills share them.
    picture_sets = []
    for index in range(6):
        original = camera_still(index, now, f"CAM {index + 1}")
        folder = media_root / "stills" / "bench" / str(index)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "original.jpg").write_bytes(original)
        (width, height), images = render_widths(
            (folder / "original.jpg").open("rb"), django_settings().RENDITION_WIDTHS
        )
        renditions = {}
        for rendition_width, formats in images.items():
            renditions[str(rendition_width)] = {}
            for fmt, data in formats.items():
                extension = "jpg" if fmt == "jpeg" else fmt
                (folder / f"{rendition_width}.{extension}").write_bytes(data)
                renditions[str(rendition_width)][fmt] = f"stills/bench/{index}/{rendition_width}.{extension}"
        picture_sets.append((f"stills/bench/{index}/original.jpg", width, height, renditions))

    areas = Area.objects.bulk_create(
        Area(name=f"District {number}", slug=f"district-{number}") for number in range(1, 13)
    )
    categories = list(Category.objects.all())
    cases = []
    for number in range(count):
        title = f"{TITLES[number % len(TITLES)]} ({number})"
        solved = number % 5 == 0
        published = now - timedelta(hours=number * 3 + 1)
        summary = SUMMARY.format(colour=COLOURS[number % len(COLOURS)], garment=GARMENTS[number % len(GARMENTS)])
        cases.append(
            Case(
                number=f"2025-{number + 1:06d}", title=title, slug=slugify(f"2025-{number + 1:06d} {title}"),
                summary=summary, category=categories[number % len(categories)], area=areas[number % len(areas)],
                location_text=f"{100 + number % 900} block of Main Street", incident_at=published - timedelta(days=1),
                status=Case.Status.SOLVED if solved else Case.Status.OPEN,
                solved_at=published + timedelta(hours=2) if solved else None,
                reward=500 if number % 3 == 0 else None, is_published=True, published_at=published,
            )
        )  # fmt: skip
    cases = Case.objects.bulk_create(cases, batch_size=500)
    stills, updates = [], []
    for index, case in enumerate(cases):
        for position in range(STILLS_PER_CASE):
            image, width, height, renditions = picture_sets[(index + position) % len(picture_sets)]
            stills.append(
                Still(
                    case=case, image=image, width=width, height=height, position=position,
                    alt_text=f"Camera still {position + 1}: a man in a grey hooded top",
                    caption=f"Camera {position + 1}", renditions=renditions,
                    renditions_status=Still.Renditions.READY,
                )
            )  # fmt: skip
        updates.append(CaseUpdate(case=case, body="Thank you for your tips so far; we are following them up."))
        if case.status == Case.Status.SOLVED:
            updates.append(CaseUpdate(case=case, kind=CaseUpdate.Kind.SOLVED, body="Arrested thanks to a tip."))
    Still.objects.bulk_create(stills, batch_size=1000)
    CaseUpdate.objects.bulk_create(updates, batch_size=1000)
    # Every other case has three comments, one of them held: the cards count the published ones.
    reader = get_user_model().objects.create_user("bench-reader", "reader@example.org", display_name="Reader")
    Comment.objects.bulk_create(
        (
            Comment(case=case, author=reader, body="I think I saw him near the park.", status=status)
            for case in cases[::2]
            for status in (Comment.Status.PUBLISHED, Comment.Status.PUBLISHED, Comment.Status.HELD)
        ),
        batch_size=1000,
    )
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connection

    with connection.cursor() as cursor:
        # Fresh statistics, and no autovacuum of the bulk insert running during the first load run.
        cursor.execute("VACUUM ANALYZE")
    return Case.objects.published().order_by("-published_at").first().get_absolute_url()


def seed_database(env: dict[str, str], database_url: str, count: int) -> str:
    """Seed one database in a child process (Django binds to one DATABASE_URL); return the path
    of its newest case's page."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--seed", str(count)], cwd=ROOT, env={**env, "DATABASE_URL": database_url},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"seeding {count} cases failed:\n{result.stdout}{result.stderr}")
    print(f"seeded {count:,} cases with {count * STILLS_PER_CASE:,} stills in {time.perf_counter() - started:.1f} s")
    return result.stdout.strip().splitlines()[-1]


def django_settings():
    from django.conf import settings

    return settings


def start_gunicorn(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "tipportal.wsgi"],
        cwd=ROOT, env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn on port {port} exited:\n{log.read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
        except urllib.error.HTTPError:
            return process  # any HTTP answer means it is up (the ceiling has no home page)
        except OSError:
            pass
        else:
            return process
        time.sleep(0.3)
    stop(process)
    raise SystemExit(f"gunicorn on port {port} did not answer within 30 s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def fetch(url: str) -> tuple[float, bytes, dict[str, str]]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
        return time.perf_counter() - started, body, dict(response.headers)


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url: str, duration: int, connections: int, headers: tuple[str, ...] = ()) -> dict[str, float]:
    # One wrk thread keeps up with these rates and leaves the second core to the server.
    extra = [argument for header in headers for argument in ("-H", header)]
    result = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "--latency", *extra, url],
        capture_output=True, text=True, timeout=duration + 30, check=True,
    )  # fmt: skip
    output = result.stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} responses were not 200:\n{output}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _milliseconds(re.search(r"\s50%\s+(\S+)", output).group(1)),
        "p99": _milliseconds(re.search(r"\s99%\s+(\S+)", output).group(1)),
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def ceiling_comparison(env, workdir, pages, port, duration, connections, rounds) -> bool:
    """The real pages against the ceiling serving the same bytes; True if the target is met."""
    ceiling = None
    try:
        ceiling_dir = workdir / "ceiling"
        ceiling_dir.mkdir()
        paths = []
        for name, path in pages.items():
            miss, body, headers = fetch(f"http://127.0.0.1:{port}{path}")
            hit, cached_body, _headers = fetch(f"http://127.0.0.1:{port}{path}")
            if "public" not in headers.get("Cache-Control", "") or cached_body != body:
                raise SystemExit(f"{path} was not served from the public page cache")
            if b'srcset="' not in body or b" 400w" not in body:
                raise SystemExit(f"{path} shows no renditions")
            print(f"{name} {path}: {len(body) / 1024:.0f} KiB; first {miss * 1000:.0f} ms, cached {hit * 1000:.0f} ms")
            (ceiling_dir / f"{name}.html").write_bytes(body)
            paths.append(f"{name} {path}")
        (ceiling_dir / "paths.txt").write_text("\n".join(paths))
        ceiling_env = {
            **env, "DJANGO_SETTINGS_MODULE": "bench.ceiling.settings", "BENCH_CEILING_PAGES": str(ceiling_dir)
        }  # fmt: skip
        ceiling = start_gunicorn(ceiling_env, port + 1, workdir / "ceiling.log")
        for name, path in pages.items():
            if fetch(f"http://127.0.0.1:{port + 1}{path}")[1] != (ceiling_dir / f"{name}.html").read_bytes():
                raise SystemExit(f"the ceiling does not serve the same bytes for {path}")

        workers = env.get("GUNICORN_WORKERS") or f"{os.cpu_count() * 2 + 1} (cpu*2+1)"
        print(f"gunicorn.conf.py: {workers} workers; wrk: {connections} connections, {duration} s x {rounds} runs")
        print("\nmedian of the runs (best req/s too)")
        print(f"{'page':<8}{'server':<10}{'req/s':>10}{'best':>10}{'p50 ms':>10}{'p99 ms':>10}")
        met = True
        servers = (("real", port), ("ceiling", port + 1))
        for name, path in pages.items():
            for _label, server_port in servers:  # unmeasured: every worker has served the page once
                wrk(f"http://127.0.0.1:{server_port}{path}", 2, connections)
            runs: dict[str, list[dict]] = {"real": [], "ceiling": []}
            for round_number in range(rounds):
                # Alternating, and in turn first, so a busy neighbour on the machine slows both alike.
                for label, server_port in servers if round_number % 2 == 0 else servers[::-1]:
                    runs[label].append(wrk(f"http://127.0.0.1:{server_port}{path}", duration, connections))
            for label, results in runs.items():
                row = {field: statistics.median(result[field] for result in results) for field in ("rps", "p50", "p99")}
                best = max(result["rps"] for result in results)
                errors = "; ".join(sorted({result["socket_errors"] for result in results} - {""}))
                print(
                    f"{name:<8}{label:<10}{row['rps']:>10.0f}{best:>10.0f}{row['p50']:>10.2f}{row['p99']:>10.2f}"
                    f"  {errors}"
                )
            # Each real run is compared with the ceiling run next to it (the same machine load).
            share = statistics.median(
                real["rps"] / ceiling["rps"] for real, ceiling in zip(runs["real"], runs["ceiling"], strict=True)
            )
            met &= share >= TARGET
            # For scale, not for the target: the page rendered for every request.
            uncached = wrk(f"http://127.0.0.1:{port}{path}", duration, connections, BYPASS_CACHE)
            print(
                f"{name:<8}{'uncached':<10}{uncached['rps']:>10.0f}{'':>10}{uncached['p50']:>10.2f}{uncached['p99']:>10.2f}"
            )
            print(f"{name:<8}real/ceiling, median of paired runs: {share:.0%}   (target >= {TARGET:.0%})")
        return met
    finally:
        if ceiling is not None:
            stop(ceiling)


def timed_get(url: str) -> float:
    """Milliseconds for one GET with the page cache bypassed, body read."""
    request = urllib.request.Request(url, headers=dict([BYPASS_CACHE[0].split(": ", 1)]))  # noqa: S310
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback only)
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def archive_comparison(small_port: int, large_port: int, requests: int) -> bool:
    """Each page rendered uncached at CASES and at ARCHIVE_CASES, one request at a time, the two
    servers taking turns request by request (so a busy neighbour on the machine slows both alike);
    True if every page meets ARCHIVE_TARGET and the search SEARCH_TARGET_MS."""
    servers = ((f"{CASES:,}", small_port), (f"{ARCHIVE_CASES:,}", large_port))
    for _label, port in servers:
        body = fetch(f"http://127.0.0.1:{port}{ARCHIVE_PAGES['search']}")[1]
        if b"red baseball cap" not in body or b"leather jacket" in body:
            raise SystemExit(f"the search on port {port} did not find the seeded cases")
    print(f"\nUncached pages as the archive grows: ms per page, {requests} requests each, one at a time")
    small_label, large_label = (f"at {label}" for label, _port in servers)
    # The best of each series is the page's cost with the machine to itself; p50 and p90 add the
    # waiting that other work on a shared machine causes. The targets are judged on p50.
    print(
        f"{'page':<10}{'p50 ' + small_label:>14}{large_label:>10}{'ratio':>8}{'p90':>9}{large_label:>10}"
        f"{'best':>9}{large_label:>10}"
    )
    met = True
    for name, path in ARCHIVE_PAGES.items():
        timings: dict[str, list[float]] = {label: [] for label, _port in servers}
        for number in range(requests + 10):  # the first 10 of each warm the workers and are not kept
            for label, port in servers if number % 2 == 0 else servers[::-1]:
                elapsed = timed_get(f"http://127.0.0.1:{port}{path}")
                if number >= 10:
                    timings[label].append(elapsed)
        small, large = (timings[label] for label, _port in servers)
        p50s = [statistics.median(small), statistics.median(large)]
        p90s = [statistics.quantiles(small, n=10)[-1], statistics.quantiles(large, n=10)[-1]]
        ratio = p50s[1] / p50s[0]
        page_met = ratio <= ARCHIVE_TARGET
        target = f"ratio <= {ARCHIVE_TARGET}"
        if name == "search":
            page_met &= p50s[1] < SEARCH_TARGET_MS
            target += f", < {SEARCH_TARGET_MS} ms"
        verdict = f"{'met' if page_met else 'MISSED'} ({target})"
        if name == "search man":
            verdict = "(for scale: ranks and counts every case)"
        else:
            met &= page_met
        print(
            f"{name:<10}{p50s[0]:>14.1f}{p50s[1]:>10.1f}{ratio:>7.2f}x{p90s[0]:>9.1f}{p90s[1]:>10.1f}"
            f"{min(small):>9.1f}{min(large):>10.1f}  {verdict}"
        )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per load run (max 120)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (max 256)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating runs per server and page (median kept)")
    parser.add_argument("--archive-requests", type=int, default=200, help="requests per page and size (archive part)")
    parser.add_argument("--skip-ceiling", action="store_true", help="only the archive part")
    parser.add_argument("--skip-archive", action="store_true", help="only the ceiling part")
    parser.add_argument("--keep-database", action="store_true", help="leave the seeded databases for a look")
    parser.add_argument("--port", type=int, default=8501, help="real site's port; the ceiling uses +1, the archive +2")
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)  # the child process that seeds one database
    args = parser.parse_args()
    if args.seed:
        import django

        django.setup()
        print(seed(Path(os.environ["MEDIA_ROOT"]), args.seed))
        return 0
    duration = max(1, min(args.duration, MAX_DURATION))
    archive_requests = max(10, min(args.archive_requests, 2000))
    connections = max(1, min(args.connections, MAX_CONNECTIONS))
    rounds = max(1, min(args.rounds, 9))
    if shutil.which("wrk") is None:
        print("wrk not found: apt-get install wrk", file=sys.stderr)
        return 2
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        print("set REDIS_URL: the page cache under test is Redis", file=sys.stderr)
        return 2
    base_url = os.environ.get("DATABASE_URL", "postgres://root@127.0.0.1:5432/tipportal")
    databases = [dedicated_database(base_url, "pages_bench", fresh=True)]
    if not args.skip_archive:
        databases.append(dedicated_database(base_url, "pages_bench_archive", fresh=True))

    workdir = Path(tempfile.mkdtemp(prefix="tp-pages-bench-"))
    prefix = f"pages-bench-{secrets.token_hex(4)}"
    env = production_env(
        port=args.port, database_url=databases[0][0], redis_url=redis_url, workdir=workdir, prefix=prefix
    )
    servers = []
    try:
        detail_path = seed_database(env, databases[0][0], CASES)
        if not args.skip_archive:
            seed_database(env, databases[1][0], ARCHIVE_CASES)
        os.environ.update(env)
        import django

        django.setup()
        servers.append(start_gunicorn(env, args.port, workdir / "real.log"))
        met = True
        if not args.skip_ceiling:
            pages = {"list": "/cases/", "detail": detail_path}
            met &= ceiling_comparison(env, workdir, pages, args.port, duration, connections, rounds)
        if not args.skip_archive:
            archive_env = {**env, "DATABASE_URL": databases[1][0], "CACHE_KEY_PREFIX": f"{prefix}-archive"}
            servers.append(start_gunicorn(archive_env, args.port + 2, workdir / "archive.log"))
            met &= archive_comparison(args.port, args.port + 2, archive_requests)
        print("\ntarget met" if met else "\ntarget MISSED")
        return 0 if met else 1
    finally:
        for process in servers:
            stop(process)
        with contextlib.suppress(Exception):
            from django.core.cache import cache
            from django.db import connections as db_connections

            client = cache._cache.get_client(write=True)
            for key in client.scan_iter(f"{prefix}*"):
                client.delete(key)
            db_connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)
        if not args.keep_database:
            for _url, name in databases:
                drop_database(base_url, name)


if __name__ == "__main__":
    sys.exit(main())
