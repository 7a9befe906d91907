"""gunicorn's settings for this project, read from the working directory at start.

Only logging: gunicorn's own lines (worker starts, timeouts, "Error handling request") are JSON
like the application's (zentralasien.logs.JsonFormatter), so the log stays one JSON object per
line. The command line in README.md ("Deployment") sets workers, timeouts and the bind address.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from zentralasien.logs import JsonFormatter

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": JsonFormatter}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        # No access log: it would repeat every request with client address and query string;
        # the application's request log (zentralasien.requests) has one line per request.
        "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
    },
}
