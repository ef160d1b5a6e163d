"""The chat datamodels the route uses, as PROTOCOL.md gives them (pydantic 1.10)."""
from enum import Enum
from typing import List, Optional

from pydantic import BaseModel


class WorkflowModeEnum(str, Enum):
    WORKFLOW_CHATBOT = "Chatbot"
    WORKFLOW_AUTOMATION = "Automation"


class UserInputRequest(BaseModel):
    prompt: str
    listFileId: List[str] = []
    userLanguage: str = "en"
    workflowId: Optional[str] = None


class ChatWorkflow(BaseModel):
    """A workflow ("thread"); the field order is the one the stop route and the thread list write."""
    id: str
    mandateId: Optional[str] = None
    status: str = "running"
    name: Optional[str] = None
    currentRound: int = 1
    currentTask: int = 0
    currentAction: int = 0
    totalTasks: int = 0
    totalActions: int = 0
    lastActivity: Optional[float] = None
    startedAt: Optional[float] = None
    workflowMode: str = WorkflowModeEnum.WORKFLOW_CHATBOT.value
    # Optional because stored workflows may lack it; both read routes show a missing value as 10.
    maxSteps: Optional[int] = 10
