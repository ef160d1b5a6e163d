"""Time helpers: timestamps are float UTC epoch seconds, as the backend stores them."""
import time
from datetime import datetime
from typing import Any, Optional


def getUtcTimestamp() -> float:
    return time.time()


def parseTimestamp(value: Any) -> Optional[float]:
    """A float epoch timestamp from a number, a numeric string or an ISO-8601 string; None if unreadable."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        pass
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None
