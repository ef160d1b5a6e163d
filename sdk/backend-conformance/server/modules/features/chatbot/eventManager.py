"""The StreamingEventManager of reference/server-streaming-design.md.

One asyncio.Queue per context (workflow), shared by every reader: each event goes to exactly one of the
streams reading it. A queue lives on until ``cleanup`` removes it, 60 s after its workflow's round ended
(unless a new round of that workflow took it up again); events nobody read stay in it until then.
"""
import asyncio
import logging
import time
from typing import Any, AsyncIterator, Dict, List, Optional, Set

logger = logging.getLogger(__name__)


class StreamingEventManager:
    def __init__(self):
        self._queues: Dict[str, asyncio.Queue] = {}
        self._locks: Dict[str, asyncio.Lock] = {}
        self._cleanup_tasks: Dict[str, asyncio.Task] = {}
        self._subscribers: Dict[str, Set[str]] = {}

    def create_queue(self, context_id: str) -> asyncio.Queue:
        """The context's queue, created if it has none; a pending cleanup of it is called off."""
        pending = self._cleanup_tasks.pop(context_id, None)
        if pending is not None:
            pending.cancel()
        if context_id not in self._queues:
            self._queues[context_id] = asyncio.Queue()
            self._locks[context_id] = asyncio.Lock()
        return self._queues[context_id]

    def get_queue(self, context_id: str) -> Optional[asyncio.Queue]:
        return self._queues.get(context_id)

    def has_queue(self, context_id: str) -> bool:
        return context_id in self._queues

    async def emit_event(self, context_id: str, event_type: str, data: Dict[str, Any],
                         event_category: str = "default", message: Optional[str] = None,
                         step: Optional[str] = None):
        queue = self._queues.get(context_id)
        if queue is None:
            logger.debug("No queue for %s, event %s dropped", context_id, event_type)
            return
        event = {"type": event_type, "category": event_category, "data": data, "message": message,
                 "step": step, "timestamp": time.time()}
        async with self._locks[context_id]:
            await queue.put(event)

    async def stream_events(self, context_id: str, event_categories: Optional[List[str]] = None,
                            timeout: Optional[float] = None) -> AsyncIterator[Dict[str, Any]]:
        queue = self.get_queue(context_id) or self.create_queue(context_id)
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), timeout=timeout)
            except asyncio.TimeoutError:
                return
            if event_categories is None or event.get("category") in event_categories:
                yield event

    async def cleanup(self, context_id: str, delay: float = 60.0):
        """Removes the context's queue after ``delay`` seconds."""
        async def remove_later():
            await asyncio.sleep(delay)
            self._queues.pop(context_id, None)
            self._locks.pop(context_id, None)
            self._cleanup_tasks.pop(context_id, None)

        pending = self._cleanup_tasks.pop(context_id, None)
        if pending is not None:
            pending.cancel()
        self._cleanup_tasks[context_id] = asyncio.get_event_loop().create_task(remove_later())

    def reset(self):
        for task in self._cleanup_tasks.values():
            task.cancel()
        self.__init__()


_event_manager = StreamingEventManager()


def get_event_manager() -> StreamingEventManager:
    return _event_manager
