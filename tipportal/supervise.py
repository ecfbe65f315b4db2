"""Keep one command running: `python -m tipportal.supervise celery -A tipportal worker ...`.

`make run` starts its Celery worker through this, so a worker that exits (a crash, an error
Celery calls unrecoverable, a SIGKILL) is started again on its own, as systemd's Restart=always
does in production. On SIGINT or SIGTERM the command is asked to stop (SIGTERM) and not restarted.
"""

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


def supervise(command: list[str]) -> int:
    stopping = False
    child: subprocess.Popen | None = None

    def stop(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            # SIGTERM either way: a Ctrl-C in the terminal has already sent the child its own
            # SIGINT, and a second SIGINT would turn Celery's warm shutdown into a cold one.
            child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    delay = FIRST_DELAY
    while True:
        started = time.monotonic()
        child = subprocess.Popen(command)  # noqa: S603 - the command line of whoever runs this
        code = child.wait()
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
