"""tipportal/supervise.py, the restart loop `make run` keeps its Celery worker in."""

import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _wait_for(condition, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_command_that_dies_is_started_again_and_sigterm_stops_both(tmp_path):
    starts = tmp_path / "starts"
    # Each run notes its start, then the first two die at once (as a crashed worker does).
    script = (
        "import os, sys, time; path = sys.argv[1]; "
        "open(path, 'a').write('x'); "
        "n = len(open(path).read()); "
        "os._exit(1) if n < 3 else time.sleep(60)"
    )
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "tipportal.supervise", sys.executable, "-c", script, str(starts)],
        cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert _wait_for(lambda: starts.exists() and len(starts.read_text()) == 3)
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(10)
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
    stderr = supervisor.stderr.read()
    assert stderr.count("exited with 1; starting it again") == 2
    time.sleep(0.5)
    assert len(starts.read_text()) == 3  # stopped, not started a fourth time


def test_what_a_dead_command_leaves_behind_is_killed_before_the_restart(tmp_path):
    leftover = tmp_path / "leftover"
    # The first run starts a helper (as a worker starts its embedded beat) and dies without it.
    script = (
        "import os, subprocess, sys, time; path = sys.argv[1]\n"
        "if not os.path.exists(path):\n"
        "    helper = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "    open(path, 'w').write(str(helper.pid)); os._exit(1)\n"
        "time.sleep(60)\n"
    )
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "tipportal.supervise", sys.executable, "-c", script, str(leftover)],
        cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert _wait_for(lambda: leftover.exists() and leftover.read_text())
        helper = int(leftover.read_text())
        assert _wait_for(lambda: not Path(f"/proc/{helper}").exists() or _is_zombie(helper))
    finally:
        supervisor.terminate()
        supervisor.wait(10)


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] == "Z"
    except FileNotFoundError:
        return True
