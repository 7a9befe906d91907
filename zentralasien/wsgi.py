"""WSGI entry point, used by gunicorn: ``gunicorn zentralasien.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zentralasien.settings")

application = get_wsgi_application()
