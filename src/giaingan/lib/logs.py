"""Logging helpers that need no Django."""

from __future__ import annotations

import logging


class TracebackOnlyForServerErrors(logging.Filter):
    """Drop the traceback of a suspicious request or of an answer below 500.

    A forged Host header, an oversized form or a refused page is a visitor's mistake or an
    attacker's noise, not a bug: its one-line message names the host or the address; a
    traceback would only flood the log and hide the real errors, which keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        suspicious = record.name.startswith("django.security.")
        if suspicious or getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
