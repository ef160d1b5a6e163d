"""Test-control routes under /_control: not part of the backend, used by the Java tests to set the scene."""
from typing import Optional

from fastapi import APIRouter
from pydantic import BaseModel

from modules.auth import MANDATE_ID, User, limiter, tokens
from modules.datamodels.datamodelChat import WorkflowModeEnum
from modules.features.chatbot import RoundScript, cancel_all_rounds, rounds
from modules.features.chatbot.eventManager import get_event_manager
from modules.interfaces.interfaceDbChatbot import database, getInterface, new_id

router = APIRouter(prefix="/_control")


class TokenBody(BaseModel):
    token: str
    user: str


class RoundBody(BaseModel):
    reply: Optional[str] = None
    logs: int = 3
    logUpdate: bool = True
    pacing: float = 0.0
    thinking: float = 0.0
    fail: Optional[str] = None
    errorStep: str = "error"


class WorkflowBody(BaseModel):
    user: str
    name: str
    workflowMode: str = WorkflowModeEnum.WORKFLOW_CHATBOT.value
    status: str = "completed"
    maxSteps: Optional[int] = 10


@router.post("/tokens")
async def register_token(body: TokenBody):
    tokens.register(body.token, body.user)
    return {"token": body.token, "user": body.user}


@router.post("/rounds")
async def script_round(body: RoundBody):
    """The next chatProcess call plays this round (calls take scripted rounds in order)."""
    rounds.add(RoundScript(**body.dict()))
    return {"scripted": True}


@router.post("/workflows")
async def create_workflow(body: WorkflowBody):
    """Stores a finished workflow without items, e.g. of another mode (DELETE 400) or without maxSteps."""
    now = database.timestamp()
    workflow = getInterface(User(body.user), MANDATE_ID).createWorkflow({
        "id": new_id("wf"), "mandateId": MANDATE_ID, "status": body.status, "name": body.name,
        "currentRound": 1, "currentTask": 0, "currentAction": 0, "totalTasks": 0, "totalActions": 0,
        "lastActivity": now, "startedAt": now, "workflowMode": body.workflowMode, "maxSteps": body.maxSteps})
    return {"id": workflow.id}


@router.post("/workflows/{workflowId}/not-deletable")
async def mark_not_deletable(workflowId: str):
    """DELETE of this workflow answers 403 from now on."""
    database.not_deletable.add(workflowId)
    return {"id": workflowId}


@router.post("/reset")
async def reset():
    """Forgets every workflow, scripted round, queue and rate-limit count; registered tokens stay."""
    cancel_all_rounds()
    database.reset()
    rounds.clear()
    limiter.reset()
    get_event_manager().reset()
    return {"reset": True}
