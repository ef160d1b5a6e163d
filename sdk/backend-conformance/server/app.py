"""Runs the vendored route module routeFeatureChatbot.py under FastAPI and uvicorn, with our stand-ins.

    python3 app.py [--port N] [--time-scale N]

Binds 127.0.0.1 (port 0: a free one) and, once it serves, prints ``THREADLINE_BACKEND_PORT=<port>`` on
stdout. ``--time-scale N`` runs the event loop on a clock N times faster than real time, so the route's
fixed intervals (1 s queue wait, 5 s status check, 30 s keepalive, 300 s stream limit) and the event
manager's 60 s cleanup pass N times faster; the rate limiter and item timestamps stay on wall-clock time.
"""
import argparse
import asyncio
import logging
import selectors
import socket
import sys
import time

import uvicorn
from fastapi import FastAPI

import control
import routeFeatureChatbot
from modules.auth import RateLimitExceeded, limiter, rate_limit_exceeded_handler

READY_PREFIX = "THREADLINE_BACKEND_PORT="


def build_app() -> FastAPI:
    app = FastAPI()
    app.state.limiter = limiter
    app.add_exception_handler(RateLimitExceeded, rate_limit_exceeded_handler)
    app.include_router(routeFeatureChatbot.router)
    app.include_router(control.router)
    return app


class ScaledSelector(selectors.DefaultSelector):
    """Waits 1/scale of the timeout the loop asks for, the loop's clock running that much faster."""

    def __init__(self, scale: float):
        super().__init__()
        self._scale = scale

    def select(self, timeout=None):
        return super().select(None if timeout is None else max(0.0, timeout) / self._scale)


class ScaledClockLoop(asyncio.SelectorEventLoop):
    """An event loop whose time() runs ``scale`` times faster than time.monotonic()."""

    def __init__(self, scale: float):
        super().__init__(ScaledSelector(scale))
        self._scale = scale

    def time(self):
        return time.monotonic() * self._scale


async def serve(sock: socket.socket, scale: float):
    config = uvicorn.Config(build_app(), log_level="info", lifespan="off",
                            timeout_keep_alive=int(5 * scale))
    server = uvicorn.Server(config)

    async def announce():
        while not server.started:
            await asyncio.sleep(0.01 * scale)
        print(READY_PREFIX + str(sock.getsockname()[1]), flush=True)

    asyncio.get_event_loop().create_task(announce())
    await server.serve(sockets=[sock])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--time-scale", type=float, default=1.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    loop = ScaledClockLoop(args.time_scale) if args.time_scale != 1.0 else asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(serve(sock, args.time_scale))
    finally:
        loop.close()


if __name__ == "__main__":
    main()
