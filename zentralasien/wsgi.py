"""WSGI entry point, used by gunicorn: ``gunicorn zentralasien.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

from zentralasien.serving import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zentralasien.settings")
require_secret_key()

application = get_wsgi_application()
