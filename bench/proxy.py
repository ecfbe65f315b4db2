"""An anonymous case page through the shipped nginx site (gunicorn behind it), beside the same
nginx serving the same bytes as a static file.

Seeds a dedicated PostgreSQL database (`<your DATABASE_URL's name>_proxy_bench`, dropped and made
afresh each run) with published cases, stills and renditions (bench/pages.py's seed), serves it with
gunicorn and the repository's gunicorn.conf.py, production-like (DEBUG off, static files collected,
Redis as the page cache, TRUSTED_PROXIES=127.0.0.1; plain HTTP on loopback, so no TLS), and puts
Debian's nginx in front with the site deploy/nginx_site.py renders from those settings (run as
`nginx -p <temp> -c <conf>`: high port, temporary folders). The case page's bytes are then written
under STATIC_ROOT, and the same nginx serves them from its /static/ location.

`wrk` loads both as anonymous visitors (no cookies), in alternating runs so a busy neighbour on
the machine slows both alike, and prints req/s, p50 and p99 for each and the ratio of the paired
runs' rates. Target: the proxied page reaches at least 50% of the static file's rate. For scale
only, the page is also loaded with a session cookie, which bypasses nginx's micro-cache, so every
request reaches gunicorn (and Django's own page cache in Redis).

Usage: DATABASE_URL=postgres://... REDIS_URL=redis://... python bench/proxy.py
       [--duration 10] [--connections 16] [--rounds 3] [--cases 200] [--port 8601] [--keep-database]
Only 127.0.0.1 is contacted; every load run is bounded in time and connections.
"""

import argparse
import contextlib
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchdb import dedicated_database, drop_database, production_env
from pages import seed_database, start_gunicorn, stop, wrk

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.5
MAX_CONNECTIONS = 256
MAX_DURATION = 120
BYPASS_MICRO_CACHE = ("Cookie: sessionid=bench-no-such-session",)


def nginx_binary() -> str | None:
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")


def start_nginx(env: dict[str, str], workdir: Path, port: int, upstream_port: int) -> subprocess.Popen:
    """The shipped site, rendered from the same settings as gunicorn's, on `port`."""
    prefix = workdir / "nginx"
    for folder in ("logs", "temp", "cache"):
        (prefix / folder).mkdir(parents=True)
    config = prefix / "nginx.conf"
    subprocess.run(
        [sys.executable, "deploy/nginx_site.py", "--no-tls", "--listen", f"127.0.0.1:{port}",
         "--upstream", f"127.0.0.1:{upstream_port}", "--standalone", "--prefix", str(prefix),
         "--cache-dir", str(prefix / "cache"), "--log-dir", str(prefix / "logs"), "--output", str(config)],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    log = prefix / "stderr.log"
    process = subprocess.Popen(
        [nginx_binary(), "-p", str(prefix), "-e", str(prefix / "logs" / "error.log"), "-c", str(config)],
        stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"nginx exited:\n{log.read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"nginx did not answer on {port}:\n{log.read_text()}")


def get(url: str, headers: dict[str, str] | None = None) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (loopback only)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback only)
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
        return response.read(), dict(response.headers)


def compare(proxied: str, static: str, duration: int, connections: int, rounds: int) -> bool:
    servers = (("proxied page", proxied), ("static file", static))
    for _label, url in servers:  # unmeasured: every worker has served the page once
        wrk(url, 2, connections)
    runs: dict[str, list[dict]] = {label: [] for label, _url in servers}
    for round_number in range(rounds):
        for label, url in servers if round_number % 2 == 0 else servers[::-1]:
            runs[label].append(wrk(url, duration, connections))
    print(f"\nwrk: {connections} connections, {duration} s x {rounds} runs each; median of the runs (best req/s too)")
    print(f"{'what':<24}{'req/s':>10}{'best':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for label, results in runs.items():
        row = {field: statistics.median(result[field] for result in results) for field in ("rps", "p50", "p99")}
        best = max(result["rps"] for result in results)
        errors = "; ".join(sorted({result["socket_errors"] for result in results} - {""}))
        print(f"{label:<24}{row['rps']:>10.0f}{best:>10.0f}{row['p50']:>10.2f}{row['p99']:>10.2f}  {errors}")
    bypass = wrk(proxied, duration, connections, BYPASS_MICRO_CACHE)
    print(f"{'micro-cache bypassed':<24}{bypass['rps']:>10.0f}{'':>10}{bypass['p50']:>10.2f}{bypass['p99']:>10.2f}")
    share = statistics.median(
        page["rps"] / file["rps"] for page, file in zip(runs["proxied page"], runs["static file"], strict=True)
    )
    print(f"\nproxied page / static file, median of paired runs: {share:.0%}   (target >= {TARGET:.0%})")
    return share >= TARGET


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per load run (max 120)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (max 256)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each (median kept)")
    parser.add_argument("--cases", type=int, default=200, help="published cases to seed")
    parser.add_argument("--port", type=int, default=8601, help="nginx's port; gunicorn uses +1")
    parser.add_argument("--keep-database", action="store_true", help="leave the seeded database for a look")
    args = parser.parse_args()
    duration = max(1, min(args.duration, MAX_DURATION))
    connections = max(1, min(args.connections, MAX_CONNECTIONS))
    rounds = max(1, min(args.rounds, 9))
    if shutil.which("wrk") is None:
        print("wrk not found: apt-get install wrk", file=sys.stderr)
        return 2
    if nginx_binary() is None:
        print("nginx not found: apt-get install nginx", file=sys.stderr)
        return 2
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        print("set REDIS_URL: the page cache behind nginx is Redis", file=sys.stderr)
        return 2
    base_url = os.environ.get("DATABASE_URL", "postgres://root@127.0.0.1:5432/tipportal")
    url, name = dedicated_database(base_url, "proxy_bench", fresh=True)
    workdir = Path(tempfile.mkdtemp(prefix="tp-proxy-bench-"))
    prefix = f"proxy-bench-{secrets.token_hex(4)}"
    env = production_env(
        port=args.port, database_url=url, redis_url=redis_url, workdir=workdir, prefix=prefix,
        TRUSTED_PROXIES="127.0.0.1", SERVE_MEDIA="off",
    )  # fmt: skip
    servers: list[subprocess.Popen] = []
    try:
        detail_path = seed_database(env, url, args.cases)
        servers.append(start_gunicorn(env, args.port + 1, workdir / "gunicorn.log"))
        servers.append(start_nginx(env, workdir, args.port, args.port + 1))
        proxied = f"http://127.0.0.1:{args.port}{detail_path}"
        body, first = get(proxied)
        _again, second = get(proxied)
        if first.get("X-Cache-Status") != "MISS" or second.get("X-Cache-Status") != "HIT":
            raise SystemExit(f"the micro-cache did not answer the second request: {first} {second}")
        if b'srcset="' not in body:
            raise SystemExit(f"{detail_path} shows no renditions")
        static_file = workdir / "static" / "bench" / "case.html"
        static_file.parent.mkdir(parents=True, exist_ok=True)
        static_file.write_bytes(body)
        static = f"http://127.0.0.1:{args.port}/static/bench/case.html"
        if get(static)[0] != body:
            raise SystemExit("nginx does not serve the same bytes as a static file")
        print(f"case page {detail_path}: {len(body) / 1024:.0f} KiB, through nginx and as {static}")
        workers = env.get("GUNICORN_WORKERS") or f"{os.cpu_count() * 2 + 1} (cpu*2+1)"
        print(f"gunicorn.conf.py: {workers} workers; nginx: worker_processes auto ({os.cpu_count()} cores)")
        met = compare(proxied, static, duration, connections, rounds)
        print("\ntarget met" if met else "\ntarget MISSED")
        return 0 if met else 1
    finally:
        for process in reversed(servers):
            stop(process)
        with contextlib.suppress(Exception):
            import redis

            client = redis.Redis.from_url(redis_url)
            # The cache is REDIS_URL's next database (or CACHE_URL): the page cache's keys carry the prefix.
            number = client.connection_pool.connection_kwargs.get("db", 0)
            cache_url = os.environ.get("CACHE_URL")
            cache = redis.Redis.from_url(cache_url) if cache_url else redis.Redis.from_url(redis_url, db=number + 1)
            for key in cache.scan_iter(f"{prefix}*"):
                cache.delete(key)
        shutil.rmtree(workdir, ignore_errors=True)
        if not args.keep_database:
            drop_database(base_url, name)


if __name__ == "__main__":
    sys.exit(main())
