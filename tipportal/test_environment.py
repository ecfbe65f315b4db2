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
