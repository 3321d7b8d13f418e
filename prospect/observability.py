"""Request ids, JSON logs and optional error reporting.

Every request gets an id — the one a trusted proxy sent in ``X-Request-ID`` when it looks like an
id, a new one otherwise. It is returned in the response header, attached to every log record
written while the request is handled (``request_id``), and tagged on Sentry events, so one
reader's report leads to the proxy's line, the application's lines and the error.
With ``LOG_FORMAT=json`` each record is one JSON object per line, for log collectors.
"""

import contextvars
import json
import logging
import re
import time
import uuid

request_id_var = contextvars.ContextVar("request_id", default="-")
INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")
access_log = logging.getLogger("prospect.request")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if INCOMING_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            _tag_error_reports(request_id)
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            access_log.info(
                "%s %s %s",
                request.method,
                request.get_full_path(),
                response.status_code,
                extra={
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def _tag_error_reports(request_id):
    try:
        import sentry_sdk
    except ImportError:  # error reporting is optional
        return
    sentry_sdk.set_tag("request_id", request_id)


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


# Attributes every LogRecord has; anything else was passed in ``extra`` and is worth keeping.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: value for key, value in vars(record).items() if key not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)

    converter = time.gmtime


def logging_config(log_format, level):
    """The LOGGING setting: plain text for people, or JSON lines for collectors."""
    formatter = (
        {"()": "prospect.observability.JsonFormatter"}
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "prospect.observability.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "default",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # One line per request is the proxy's job in development; here it is opt-in by level.
        "loggers": {"prospect.request": {"level": "INFO" if log_format == "json" else "WARNING"}},
    }


def init_error_reporting(dsn, environment, traces_sample_rate):
    """Send unhandled errors to Sentry (or a compatible service) when a DSN is configured."""
    if not dsn:
        return
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
    )
