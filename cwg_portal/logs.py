"""Structured logging: every line is one JSON object with time, level, event and
the request id, user id and IP bound by django-structlog's request middleware.

Secrets never reach a log line: the only place they could is the path of the
e-mail confirmation and password reset links, which carry a key, so paths are
redacted before rendering. Callers log ids, never passwords, tokens or report text.
"""

import re

import structlog

_SECRET_PATH = re.compile(r"(/accounts/(?:confirm-email|password/reset/key)/)[^/\s?]+")


def redact_secret_paths(_logger, _method, event_dict):
    for key in ("request", "path", "event"):
        value = event_dict.get(key)
        if isinstance(value, str):
            event_dict[key] = _SECRET_PATH.sub(r"\1[redacted]", value)
    return event_dict


SHARED_PROCESSORS = [
    structlog.contextvars.merge_contextvars,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    redact_secret_paths,
]


def build_logging_config(*, level):
    structlog.configure(
        processors=[
            *SHARED_PROCESSORS,
            structlog.processors.format_exc_info,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.JSONRenderer(),
                ],
                "foreign_pre_chain": SHARED_PROCESSORS,
            },
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # django-structlog writes one line per request; Django's own would repeat it.
            "django.server": {"level": "WARNING"},
            "django.request": {"level": "ERROR"},
        },
    }
