"""Structured logs: one JSON object per line, so an operator's log collector can parse them."""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else was passed with ``extra=`` and is logged as a field.
# Django's "request" extra is left out: its repr carries the query string, which may be personal.
_STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "request",
}


class StreamAborted(Exception):
    """A streamed response failed after its headers were sent; the request log has the cause.

    Raised to the WSGI server so that it closes the connection without ending the stream; its own
    log line about it gets no traceback (``JsonFormatter``).
    """


class JsonFormatter(logging.Formatter):
    """Format a record as JSON: time, level, logger, message, the ``extra`` fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info and isinstance(record.exc_info[1], StreamAborted):
            entry["exception"] = f"StreamAborted: {record.exc_info[1]}"
        elif record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


SECURITY_EVENTS_PER_MINUTE = 10


class SecurityEventHandler(logging.StreamHandler):
    """Security events (``django.security.*``: bad Host, too many fields, CSRF failures, …) as
    WARNING lines without traceback, at most ``limit`` per kind and minute.

    Django logs a bad ``Host`` header or an over-long form as ERROR with a full traceback, so
    anyone could fill the error alerts at will; such a request is the sender's fault and is
    answered with 400 or 403. The event kind (``DisallowedHost``, ``csrf``, …) becomes the
    ``event`` field. Past the limit, events of that kind are counted, not written; the count
    comes out as one summary line when the minute is over (with the next event of that kind,
    or at the latest when the process flushes its logs on exit).
    """

    def __init__(self, stream=None, limit: int = SECURITY_EVENTS_PER_MINUTE, window: float = 60):
        super().__init__(stream)
        self.limit = limit
        self.window = window
        self._windows: dict[str, tuple[float, int]] = {}  # kind -> (window start, events seen)

    def emit(self, record: logging.LogRecord) -> None:
        kind = record.name.removeprefix("django.security.").removeprefix("django.security")
        kind = kind or "security"
        now = record.created
        started, seen = self._windows.get(kind, (now, 0))
        if now - started >= self.window:
            self._summarise(kind, started, seen)
            started, seen = now, 0
        seen += 1
        self._windows[kind] = (started, seen)
        if seen > self.limit:
            return
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        record.event = kind
        super().emit(record)

    def _summarise(self, kind: str, started: float, seen: int) -> None:
        suppressed = seen - self.limit
        if suppressed <= 0:
            return
        summary = logging.makeLogRecord(
            {
                "name": f"django.security.{kind}" if kind != "security" else "django.security",
                "levelno": logging.WARNING,
                "levelname": "WARNING",
                "msg": "%d more security events of kind %s in %d s were not logged",
                "args": (suppressed, kind, self.window),
                "event": kind,
                "suppressed": suppressed,
                "window_started": datetime.fromtimestamp(started, UTC).isoformat(
                    timespec="seconds"
                ),
            }
        )
        super().emit(summary)

    def close(self) -> None:
        for kind, (started, seen) in list(self._windows.items()):
            self._summarise(kind, started, seen)
        self._windows.clear()
        super().close()
