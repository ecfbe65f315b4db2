"""The shared test cast and the real services the suite runs against.

Tests run against whatever DATABASE_URL / REDIS_URL point at. A test marked `postgres`,
`redis`, `worker`, `browser`, `nginx` or `gettext` is skipped (with the reason) when that service or tool
is missing, and fails instead when TIPPORTAL_REQUIRE_SERVICES is set, as it is in CI.
"""

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

REQUIRE_SERVICES = os.environ.get("TIPPORTAL_REQUIRE_SERVICES", "").lower() in ("1", "true", "yes", "on")
ROOT = Path(__file__).resolve().parent


def _missing(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}", pytrace=False)
    pytest.skip(reason)


def redis_available() -> bool:
    from django.conf import settings

    if not settings.REDIS_URL:
        return False
    import redis

    try:
        return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def chromium_paths() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def pytest_runtest_setup(item: pytest.Item) -> None:
    from django.conf import settings

    markers = {mark.name for mark in item.iter_markers()}
    if "postgres" in markers and not settings.IS_POSTGRES:
        _missing("PostgreSQL not configured: set DATABASE_URL=postgres://...")
    if markers & {"redis", "worker"} and not redis_available():
        _missing("Redis not reachable: set REDIS_URL=redis://...")
    if "browser" in markers and chromium_paths() is None:
        _missing("chromium and chromedriver not installed (apt-get install chromium chromium-driver)")
    if "redis_server" in markers and shutil.which("redis-server") is None:
        _missing("redis-server not installed (apt-get install redis-server)")
    if "nginx" in markers and not (shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")):
        _missing("nginx not installed (apt-get install nginx)")
    if "gettext" in markers and not all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msgfmt")):
        _missing("GNU gettext not installed (apt-get install gettext)")


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # Each test clears the cache; a page kept in process memory would outlive that.
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 0


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks run inline in ordinary tests; the `celery_worker` fixture switches to a real worker."""
    from tipportal.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    # Redis configured but down: the tests that need it are skipped by their marker.
    with contextlib.suppress(Exception):
        cache.clear()


# --- The cast --------------------------------------------------------------------------------


@pytest.fixture
def client():
    """The test client; `client.force_login(staff_member)` passes the second factor as well (see
    accounts/tests/otp.py), `force_login(user, second_factor=False)` stops at the password."""
    from accounts.tests.otp import SecondFactorClient

    return SecondFactorClient()


def _member(django_user_model, username: str, group: str | None, *, staff: bool = True):
    from django.contrib.auth.models import Group

    from accounts.groups import sync_groups

    sync_groups()  # a transactional test's flush empties the groups the migration made
    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="correct horse battery staple",
        display_name=username.title(),
        is_staff=staff,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def citizen(db, django_user_model):
    """Carol, a resident with an account: comments, subscribes; no staff access."""
    return _member(django_user_model, "carol", None, staff=False)


@pytest.fixture
def analyst(db, django_user_model):
    """Alice, the technical analyst who posts cases."""
    return _member(django_user_model, "alice", "Analysts")


@pytest.fixture
def officer(db, django_user_model):
    """Oscar, an officer: works tips, solves cases."""
    return _member(django_user_model, "oscar", "Officers")


@pytest.fixture
def moderator(db, django_user_model):
    """Mona, who reviews held comments."""
    return _member(django_user_model, "mona", "Moderators")


@pytest.fixture
def outsider(db, django_user_model):
    """Eve, staff-flagged but in no group: may sign in to admin, may see nothing."""
    return _member(django_user_model, "eve", None)


# --- Real services ---------------------------------------------------------------------------


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError("a worker process can only share a PostgreSQL test database")
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_env() -> dict[str, str]:
    """Extra environment for worker processes (the worker reads its settings from the
    environment at start). Override this fixture in a test module, e.g. to set EMAIL_URL."""
    return {}


@pytest.fixture
def start_celery_worker(transactional_db, settings, tmp_path, celery_worker_env):
    """Start a REAL `celery worker` process consuming from the real Redis, on the test database.

    Returns a function that starts one (it can be called again after a test kills a worker);
    every worker it started is stopped at teardown. `supervised=True` runs it under
    tipportal/supervise.py (as `make run` does; the process returned is the supervisor's), and
    `beat=True` starts a `celery beat` process beside it (as the production units do).
    """
    from django.conf import settings as live_settings

    if not redis_available():
        _missing("Redis not reachable: set REDIS_URL=redis://...")
    if not live_settings.IS_POSTGRES:
        _missing("PostgreSQL not configured: a worker process cannot share an SQLite test database")
    from tipportal.celery import app

    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with app.connection_for_write() as connection:
        for queue in ("urgent", "default"):
            connection.default_channel.queue_purge(queue)
    processes: list[tuple[subprocess.Popen, object]] = []

    def start(*, supervised: bool = False, beat: bool = False, **extra_env: str) -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "MEDIA_ROOT": str(live_settings.MEDIA_ROOT),
            "CONN_MAX_AGE": "0",
            **celery_worker_env,
            **extra_env,
        }
        log_path = tmp_path / f"worker-{len(processes)}.log"
        log = log_path.open("w")
        command = [sys.executable, "-m", "celery", "-A", "tipportal", "worker", "--pool", "solo", "-Q",
                   "urgent,default", "--loglevel", "INFO", "--without-gossip", "--without-mingle",
                   "--without-heartbeat"]  # fmt: skip
        if supervised:
            command = [sys.executable, "-m", "tipportal.supervise", *command]
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        processes.append((process, log))
        if beat:
            beat_log = (tmp_path / f"beat-{len(processes)}.log").open("w")
            beat_process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "tipportal", "beat", "--loglevel", "INFO"],
                cwd=ROOT, env=env, stdout=beat_log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            processes.append((beat_process, beat_log))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not app.control.ping(timeout=0.5):
            if process.poll() is not None:
                raise RuntimeError(log_path.read_text())
        return process

    try:
        yield start
    finally:
        for process, log in processes:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()


@pytest.fixture
def celery_worker(start_celery_worker):
    """A real `celery worker` process consuming from the real Redis, on the test database."""
    return start_celery_worker()


@pytest.fixture
def browser(live_server):
    """Headless Chromium driven by Selenium against `live_server` (a real server thread on the
    test database). Use `browser.get(live_server.url + path)`; screenshots go to `tmp_path`."""
    paths = chromium_paths()
    if paths is None:
        _missing("chromium and chromedriver not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,900"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=paths[1]), options=options)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


# --- What a person sees: accessibility and screenshots ---------------------------------------

# axe-core from npm (package.json), installed into node_modules by `make install`.
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA; heading-order is axe's "best practice" rule for headings that skip a level.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "rules": {"heading-order": {"enabled": True}},
    "resultTypes": ["violations"],
}


@pytest.fixture
def axe(browser):
    """`axe()` runs axe-core over the page the browser shows and returns its violations, each
    as one readable line (rule, impact, the first elements it names)."""
    if not AXE_SCRIPT.exists():
        _missing("axe-core not installed: run `make install` (npm ci; apt-get install nodejs npm)")
    source = AXE_SCRIPT.read_text()

    def run() -> list[str]:
        if not browser.execute_script("return typeof window.axe === 'object'"):
            browser.execute_script(source)
        browser.set_script_timeout(60)
        result = browser.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "axe.run(document, arguments[0]).then(function (r) { done(r.violations); },"
            " function (e) { done([{id: 'axe-error', impact: 'error', help: String(e), nodes: []}]); });",
            AXE_OPTIONS,
        )
        return [
            f"{browser.current_url}: {v['id']} ({v['impact']}) {v['help']}: "
            + "; ".join(
                f"{' '.join(node['target'] if isinstance(node['target'], list) else [str(node['target'])])}"
                f" {node.get('failureSummary', '').splitlines()[-1].strip() if node.get('failureSummary') else ''}"
                for node in v["nodes"][:3]
            )
            for v in result
        ]

    return run


SCREENSHOTS = Path(os.environ.get("TIPPORTAL_SCREENSHOTS") or ROOT / "screenshots")
SCREENSHOT_WIDTHS = (390, 1280)


@pytest.fixture
def snap(browser):
    """`snap("citizen-tip-receipt")` saves the page as it is now, the whole length of it, at a
    phone's and a laptop's width: screenshots/<journey>-<step>-<width>.png, for anyone to look at
    (docs/accessibility.md). The window is put back to its size afterwards."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> None:
        size = browser.get_window_size()
        try:
            for width in SCREENSHOT_WIDTHS:
                browser.set_window_size(width, 900)
                # The window's frame takes some of its height: make the page itself fit whole.
                frame, height = browser.execute_script(
                    "return [window.outerHeight - window.innerHeight, document.documentElement.scrollHeight]"
                )
                browser.set_window_size(width, min(max(height + frame, 900), 5000))
                browser.save_screenshot(str(SCREENSHOTS / f"{name}-{width}.png"))
        finally:
            browser.set_window_size(size["width"], size["height"])

    return take
