"""Workflow control, standing in for the backend's modules.features.workflow."""
from modules.datamodels.datamodelChat import ChatWorkflow
from modules.features.chatbot import WorkflowNotFound, cancel_round
from modules.features.chatbot.eventManager import get_event_manager
from modules.interfaces import interfaceDbChatbot


async def chatStop(currentUser, workflowId: str) -> ChatWorkflow:
    """Stops the workflow's round: a running workflow becomes ``stopped``; a finished one keeps its status."""
    interface = interfaceDbChatbot.getInterface(currentUser)
    workflow = interface.getWorkflow(workflowId)
    if workflow is None:
        raise WorkflowNotFound(workflowId)
    cancel_round(workflowId)
    if workflow.status == "running":
        workflow = interface.updateWorkflow(workflowId, {"status": "stopped",
                                                         "lastActivity": interface.db.timestamp()})
        await get_event_manager().cleanup(workflowId)
    return workflow
