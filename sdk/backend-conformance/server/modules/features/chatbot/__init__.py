"""The chatbot feature: ``chatProcess`` starts or continues a workflow and plays a simulated assistant.

Each call takes the next scripted round (see ``rounds``), else the default round: three logs (the first
one updated once with higher progress), a stat, the assistant's answer, then ``complete``. Every item is
stored first and then emitted as a ``chatdata`` event, as mainChatbot.py does.
"""
import asyncio
import logging
from typing import Any, Dict, List, Optional

from modules.datamodels.datamodelChat import ChatWorkflow, UserInputRequest, WorkflowModeEnum
from modules.features.chatbot.eventManager import get_event_manager
from modules.interfaces import interfaceDbChatbot
from modules.interfaces.interfaceDbChatbot import new_id

logger = logging.getLogger(__name__)

LOG_MESSAGES = ["Analysing request...", "Searching knowledge base...", "Reading matching documents...",
                "Composing answer...", "Checking answer..."]


class WorkflowNotFound(Exception):
    """What the backend's chatProcess and chatStop raise for an unknown or foreign workflow."""

    def __init__(self, workflow_id: str):
        super().__init__(f"404: Workflow with ID {workflow_id} not found")


class RoundScript:
    """What the simulated assistant does in one round, like the testkit's Round; times are in the server's
    (event loop) seconds. ``pacing`` is the pause before each step, ``thinking`` a silent pause after the
    first log; ``fail`` makes the round end
    with an error log and an ``error`` event of step ``errorStep`` (the route ends streams only on step
    ``error``)."""

    def __init__(self, reply: Optional[str] = None, logs: int = 3, logUpdate: bool = True, pacing: float = 0.0,
                 thinking: float = 0.0, fail: Optional[str] = None, errorStep: str = "error"):
        self.reply = reply
        self.pacing = pacing
        self.logs = logs
        self.log_update = logUpdate
        self.thinking = thinking
        self.fail = fail
        self.error_step = errorStep


class RoundQueue:
    """Rounds scripted by the tests, taken one per chatProcess call, in order."""

    def __init__(self):
        self._scripts: List[RoundScript] = []

    def add(self, script: RoundScript):
        self._scripts.append(script)

    def take(self) -> RoundScript:
        return self._scripts.pop(0) if self._scripts else RoundScript()

    def clear(self):
        self._scripts.clear()


rounds = RoundQueue()
_running: Dict[str, asyncio.Task] = {}


def cancel_round(workflow_id: str):
    """Ends the assistant's work on ``workflow_id``'s current round, if it is still at it."""
    task = _running.pop(workflow_id, None)
    if task is not None:
        task.cancel()


def cancel_all_rounds():
    for workflow_id in list(_running):
        cancel_round(workflow_id)


async def chatProcess(currentUser, mandateId: str, userInput: UserInputRequest,
                      workflowId: Optional[str] = None) -> ChatWorkflow:
    interface = interfaceDbChatbot.getInterface(currentUser, mandateId=mandateId)
    now = interface.db.timestamp()
    if workflowId:
        workflow = interface.getWorkflow(workflowId)
        if workflow is None:
            raise WorkflowNotFound(workflowId)
        cancel_round(workflowId)
        workflow = interface.updateWorkflow(workflowId, {"status": "running", "lastActivity": now,
                                                         "currentRound": workflow.currentRound + 1})
    else:
        workflow = interface.createWorkflow({
            "id": new_id("wf"), "mandateId": mandateId, "status": "running", "name": userInput.prompt,
            "currentRound": 1, "currentTask": 0, "currentAction": 0, "totalTasks": 0, "totalActions": 0,
            "lastActivity": now, "startedAt": now, "workflowMode": WorkflowModeEnum.WORKFLOW_CHATBOT.value,
            "maxSteps": 10})
    events = get_event_manager()
    events.create_queue(workflow.id)
    assistant = SimulatedAssistant(interface, workflow, rounds.take())
    await assistant.user_message(userInput.prompt)
    _running[workflow.id] = asyncio.get_event_loop().create_task(assistant.play())
    return workflow


class SimulatedAssistant:
    """Plays one round of one workflow."""

    def __init__(self, interface, workflow: ChatWorkflow, script: RoundScript):
        self.interface = interface
        self.workflow_id = workflow.id
        self.round = workflow.currentRound
        self.script = script
        self.events = get_event_manager()
        self.prompt = ""

    def _message_count(self) -> int:
        entries = self.interface.getUnifiedChatData(self.workflow_id, None)["items"]
        return sum(1 for entry in entries if entry["type"] == "message")

    async def _emit(self, entry: Dict[str, Any]):
        await self.events.emit_event(context_id=self.workflow_id, event_type="chatdata", data=entry,
                                     event_category="chat")

    async def user_message(self, prompt: str):
        self.prompt = prompt
        entry = self.interface.createMessage({
            "id": new_id("msg"), "workflowId": self.workflow_id, "role": "user", "message": prompt,
            "roundNumber": self.round, "sequenceNr": self._message_count() + 1,
            "status": "first" if self.round == 1 else "step"})
        await self._emit(entry)

    async def play(self):
        try:
            await self._play()
        except KeyError:
            logger.info("Workflow %s was deleted during its round", self.workflow_id)
        except asyncio.CancelledError:
            logger.info("Round %s of %s was cancelled", self.round, self.workflow_id)
        finally:
            if _running.get(self.workflow_id) is asyncio.current_task():
                del _running[self.workflow_id]

    async def _log(self, log_id: str, message: str, progress: float, kind: str = "info",
                   status: str = "running"):
        at = self.interface.db.timestamp()
        await self._emit(self.interface.createLog({
            "id": log_id, "workflowId": self.workflow_id, "message": message, "type": kind, "timestamp": at,
            "status": status, "progress": progress, "roundNumber": self.round}))

    async def _play(self):
        started = self.interface.db.timestamp()
        await self._logs()
        await asyncio.sleep(self.script.pacing)
        if self.script.fail is not None:
            await self._fail()
        else:
            await self._answer(started)
        await self.events.cleanup(self.workflow_id)

    async def _logs(self):
        """The round's logs, the first one updated once with higher progress, the thinking pause after it."""
        script = self.script
        first_log = new_id("log")
        for index in range(1, script.logs + 1):
            await asyncio.sleep(script.pacing)
            log_id = first_log if index == 1 else new_id("log")
            progress = index / (script.logs + 1) / (2 if index == 1 and script.log_update else 1)
            await self._log(log_id, LOG_MESSAGES[(index - 1) % len(LOG_MESSAGES)], round(progress, 2))
            if index == 1 and script.log_update:
                await asyncio.sleep(script.pacing)
                await self._log(first_log, LOG_MESSAGES[0], round(1 / (script.logs + 1), 2))
            if index == 1:
                await asyncio.sleep(script.thinking)

    async def _fail(self):
        message = self.script.fail
        await self._log(new_id("log"), message, 1.0, kind="error", status="error")
        self.interface.updateWorkflow(self.workflow_id, {"status": "error"})
        await self.events.emit_event(context_id=self.workflow_id, event_type="error",
                                     data={"workflowId": self.workflow_id, "error": message},
                                     event_category="workflow", message=message, step=self.script.error_step)

    async def _answer(self, started: float):
        reply = self.script.reply if self.script.reply is not None else (
            f'You asked: "{self.prompt}". This is the fake assistant\'s answer.')
        finished = self.interface.db.timestamp()
        await self._emit(self.interface.createStat({
            "id": new_id("stat"), "workflowId": self.workflow_id, "roundNumber": self.round,
            "processingTime": round(max(finished - started, 0.001), 3), "tokenCount": 40 + len(reply) // 3}))
        await asyncio.sleep(self.script.pacing)
        await self._emit(self.interface.createMessage({
            "id": new_id("msg"), "workflowId": self.workflow_id, "role": "assistant", "message": reply,
            "roundNumber": self.round, "sequenceNr": self._message_count() + 1, "status": "last"}))
        self.interface.updateWorkflow(self.workflow_id, {"status": "completed"})
        await self.events.emit_event(context_id=self.workflow_id, event_type="complete",
                                     data={"workflowId": self.workflow_id}, event_category="workflow",
                                     message="Chatbot-Verarbeitung abgeschlossen", step="complete")
