"""Keep one command running: `python -m tipportal.supervise celery -A tipportal worker ...`.

`make run` starts its Celery worker through this, so a worker that exits (a crash, an error
Celery calls unrecoverable, a SIGKILL) is started again on its own, as systemd's Restart=always
does in production. On SIGINT or SIGTERM the command is asked to stop (SIGTERM) and not restarted.

The command runs in a process group of its own, and whatever is left of that group when the
command exits is killed before the restart, as systemd does with a unit's control group: a worker
killed with SIGKILL leaves its embedded beat behind, and a second beat would run beside the new one.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from types import FrameType

# Seconds before a restart; doubled after each exit that comes soon after a start, up to the most.
FIRST_DELAY = 1.0
MOST_DELAY = 30.0
# A run at least this long counts as healthy, and the delay starts over.
HEALTHY_SECONDS = 60.0


def _kill_leftovers(group: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)


def supervise(command: list[str]) -> int:
    stopping = False
    child: subprocess.Popen | None = None

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            # Its own process group hears no Ctrl-C from the terminal: pass it on as SIGTERM,
            # Celery's warm shutdown (tasks under way finish first).
            child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    delay = FIRST_DELAY
    while True:
        started = time.monotonic()
        # The command line of whoever runs this.
        child = subprocess.Popen(command, process_group=0)  # noqa: S603
        code = child.wait()
        _kill_leftovers(child.pid)
        if stopping:
            return code
        delay = FIRST_DELAY if time.monotonic() - started >= HEALTHY_SECONDS else min(delay * 2, MOST_DELAY)
        print(f"supervise: {command[0]} exited with {code}; starting it again in {delay:.0f} s", file=sys.stderr)
        deadline = time.monotonic() + delay
        while not stopping and time.monotonic() < deadline:
            time.sleep(0.1)
        if stopping:
            return code


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python -m tipportal.supervise COMMAND [ARGS...]")
    sys.exit(supervise(sys.argv[1:]))
