"""The project's settings, unchanged but for the URLconf: the ceiling server of bench/pages.py.

Same middleware, same gunicorn configuration; only the view differs (bytes from memory), so the
gap between the two servers is what the real views and the page cache cost.
"""

from tipportal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.ceiling.urls"
