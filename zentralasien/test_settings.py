"""Settings for the test suite: the real settings with a fast hasher and no HTTPS redirects."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from zentralasien.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SECURE_SSL_REDIRECT = False
PAGE_CACHE_SECONDS = 0  # tests of the page cache switch it on (tests/test_page_cache.py)
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True  # no collected static files in tests
# Read the held search words in the request (a thread's connection would not see a test's data).
SEARCH_MEMORY_BACKGROUND = False
