"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py tipportal.wsgi` (or `make serve`)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Replacing a worker now and then guards against slow leaks, but each replacement costs a Django
# start-up (~0.8 s of CPU). At 2,000 a cached page going viral (2,000+ req/s on two cores)
# replaced a worker every second and p99 rose from ~20 ms to 300-500 ms (bench/pages.py).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# Uploads and large pages are buffered by the proxy in front; gunicorn never sees the client.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No access log: request lines would carry client addresses and tip URLs (anonymity promise).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
