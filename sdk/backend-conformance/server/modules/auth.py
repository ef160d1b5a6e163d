"""Authentication and rate limiting, standing in for the backend's modules.auth (slowapi and its users).

Credentials are bearer tokens (header ``Authorization: Bearer <token>``) or the cookie ``session=<token>``;
tokens are registered through the test-control routes. The limiter counts, like slowapi's default
fixed-window strategy, the calls of each user to each route in windows of one minute that start at the
window's first call, and answers 429 ``{"error": "Rate limit exceeded: 120 per 1 minute"}`` with
``Retry-After``. It runs on wall-clock time even when the server's event loop runs accelerated.
"""
import functools
import math
import re
import threading
import time
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse

MANDATE_ID = "mandate_conformance"


@dataclass(frozen=True)
class User:
    id: str


@dataclass(frozen=True)
class RequestContext:
    user: User
    mandateId: Optional[str]


class TokenRegistry:
    """The known tokens and the user each one belongs to."""

    def __init__(self):
        self._users: Dict[str, str] = {}

    def register(self, token: str, user_id: str):
        self._users[token] = user_id

    def clear(self):
        self._users.clear()

    def user(self, request: Request) -> Optional[User]:
        header = request.headers.get("authorization", "")
        token = header[len("Bearer "):] if header.startswith("Bearer ") else request.cookies.get("session")
        user_id = self._users.get(token) if token else None
        return User(user_id) if user_id else None


tokens = TokenRegistry()


def getRequestContext(request: Request) -> RequestContext:
    user = tokens.user(request)
    if user is None:
        raise HTTPException(status_code=401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"})
    return RequestContext(user=user, mandateId=MANDATE_ID)


class RateLimitExceeded(Exception):
    def __init__(self, detail: str, retry_after: int):
        super().__init__(detail)
        self.detail = detail
        self.retry_after = retry_after


async def rate_limit_exceeded_handler(request: Request, exc: RateLimitExceeded) -> JSONResponse:
    """The answer slowapi's ``_rate_limit_exceeded_handler`` gives, with its Retry-After header."""
    return JSONResponse({"error": f"Rate limit exceeded: {exc.detail}"}, status_code=429,
                        headers={"Retry-After": str(exc.retry_after)})


_UNITS = {"second": 1, "minute": 60, "hour": 3600}


class Limiter:
    """slowapi's ``Limiter.limit`` decorator: the wrapped route needs a ``request: Request`` parameter."""

    def __init__(self):
        self._windows: Dict[Tuple[str, str], Tuple[float, int]] = {}
        self._lock = threading.Lock()

    def reset(self):
        with self._lock:
            self._windows.clear()

    def limit(self, spec: str):
        amount_text, unit = re.fullmatch(r"(\d+)/(second|minute|hour)", spec).groups()
        amount, seconds = int(amount_text), _UNITS[unit]
        detail = f"{amount} per 1 {unit}"

        def decorate(route):
            route_key = f"{route.__module__}.{route.__name__}"

            @functools.wraps(route)
            async def limited(*args, **kwargs):
                request: Request = kwargs["request"]
                user = tokens.user(request)
                caller = user.id if user else (request.client.host if request.client else "")
                retry_after = self._hit((caller, route_key), amount, seconds)
                if retry_after is not None:
                    raise RateLimitExceeded(detail, retry_after)
                return await route(*args, **kwargs)

            return limited

        return decorate

    def _hit(self, key, amount: int, seconds: int) -> Optional[int]:
        """Counts one call; the seconds until the window resets when the call is over the limit, else None."""
        now = time.monotonic()
        with self._lock:
            start, count = self._windows.get(key, (now, 0))
            if now - start >= seconds:
                start, count = now, 0
            if count >= amount:
                return max(1, math.ceil(start + seconds - now))
            self._windows[key] = (start, count + 1)
            return None


limiter = Limiter()
