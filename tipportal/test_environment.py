"""Loaded by pytest before Django reads its settings (`-p tipportal.test_environment` in pytest.ini):
production-like settings for the suite. DATABASE_URL and REDIS_URL pass through untouched."""

import os
import tempfile

os.environ["DEBUG"] = "off"
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-for-the-suite-0123456789")
os.environ["SECURE_SSL_REDIRECT"] = "off"
os.environ["STATIC_MANIFEST_OPTIONAL"] = "on"
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="tipportal-test-media-"))
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="tipportal-test-static-"))
# A fixed key for the suite only (tests that rotate keys set their own).
os.environ.setdefault("TIP_ENCRYPTION_KEYS", "q2dG0a8Vq1o8cJmI7c2b6c1Wm0pQjE4m2E0lYz3vX5s=")
