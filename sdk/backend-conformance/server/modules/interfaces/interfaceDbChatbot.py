"""An in-memory chat database standing in for the backend's interfaceDbChatbot.

Workflows are stored as plain record dicts (as the database returns them) with an owner; every user sees
only their own. A workflow's items are kept as chat data entries ``{"type", "createdAt", "item"}`` in
creation order, ``createdAt`` being float UTC epoch seconds, strictly increasing per database.
"""
import copy
import time
import uuid
from typing import Any, Dict, List, Optional

from modules.datamodels.datamodelChat import ChatWorkflow


class ChatDatabase:
    def __init__(self):
        self.reset()

    def reset(self):
        self.workflows: Dict[str, Dict[str, Any]] = {}
        self.owners: Dict[str, str] = {}
        self.items: Dict[str, List[Dict[str, Any]]] = {}
        self.not_deletable = set()
        self._last_timestamp = 0.0

    def timestamp(self) -> float:
        """Now as epoch seconds, later than every timestamp handed out before."""
        now = round(max(time.time(), self._last_timestamp + 0.000001), 6)
        self._last_timestamp = now
        return now

    def visible(self, workflow_id: str, user_id: str) -> Optional[Dict[str, Any]]:
        if self.owners.get(workflow_id) != user_id:
            return None
        return self.workflows.get(workflow_id)


database = ChatDatabase()


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4()}"


class ChatInterface:
    """The database as one user of one mandate sees it."""

    def __init__(self, db: ChatDatabase, user, mandateId: Optional[str]):
        self.db = db
        self.user = user
        self.mandateId = mandateId

    def getWorkflow(self, workflowId: str) -> Optional[ChatWorkflow]:
        record = self.db.visible(workflowId, self.user.id)
        return ChatWorkflow(**record) if record is not None else None

    def getWorkflows(self, pagination=None) -> List[Dict[str, Any]]:
        return [dict(record) for workflow_id, record in self.db.workflows.items()
                if self.db.owners.get(workflow_id) == self.user.id]

    def createWorkflow(self, record: Dict[str, Any]) -> ChatWorkflow:
        self.db.workflows[record["id"]] = dict(record)
        self.db.owners[record["id"]] = self.user.id
        self.db.items[record["id"]] = []
        return ChatWorkflow(**record)

    def updateWorkflow(self, workflowId: str, changes: Dict[str, Any]) -> Optional[ChatWorkflow]:
        record = self.db.visible(workflowId, self.user.id)
        if record is None:
            return None
        record.update(changes)
        return ChatWorkflow(**record)

    def getUnifiedChatData(self, workflowId: str, afterTimestamp: Optional[float]) -> Dict[str, Any]:
        entries = self.db.items.get(workflowId, []) if self.db.visible(workflowId, self.user.id) else []
        if afterTimestamp is not None:
            entries = [entry for entry in entries if entry["createdAt"] > afterTimestamp]
        return {"items": copy.deepcopy(entries)}

    def createMessage(self, data: Dict[str, Any]) -> Dict[str, Any]:
        return self._store("message", data)

    def createLog(self, data: Dict[str, Any]) -> Dict[str, Any]:
        """Stores a log; a log with the id of a stored one replaces it in place (its progress moved on)."""
        return self._store("log", data)

    def createStat(self, data: Dict[str, Any]) -> Dict[str, Any]:
        return self._store("stat", data)

    def _store(self, item_type: str, data: Dict[str, Any]) -> Dict[str, Any]:
        """Stores ``data`` and returns its chat data entry (a copy, safe to put on an event queue)."""
        entries = self.db.items.get(data["workflowId"])
        if entries is None:
            raise KeyError(f"Workflow {data['workflowId']} does not exist")
        for entry in entries:
            if entry["type"] == item_type and entry["item"].get("id") == data.get("id"):
                entry["item"] = dict(data)
                return copy.deepcopy(entry)
        entry = {"type": item_type, "createdAt": self.db.timestamp(), "item": dict(data)}
        entries.append(entry)
        record = self.db.workflows.get(data["workflowId"])
        if record is not None:
            record["lastActivity"] = entry["createdAt"]
        return copy.deepcopy(entry)

    def deleteWorkflow(self, workflowId: str) -> bool:
        if self.db.visible(workflowId, self.user.id) is None:
            return False
        del self.db.workflows[workflowId]
        del self.db.owners[workflowId]
        self.db.items.pop(workflowId, None)
        return True

    def checkRbacPermission(self, model, operation: str, recordId: str) -> bool:
        return not (operation == "delete" and recordId in self.db.not_deletable)

    def _applySorting(self, records: List[Dict[str, Any]], sort) -> List[Dict[str, Any]]:
        """Sorted by each sort field in turn (the first one leads); missing values sort first."""
        result = list(records)
        for field in reversed(sort):
            present = [r for r in result if r.get(field.field) is not None]
            missing = [r for r in result if r.get(field.field) is None]
            present.sort(key=lambda r: r[field.field], reverse=field.direction == "desc")
            result = missing + present if field.direction == "asc" else present + missing
        return result


def getInterface(user, mandateId: Optional[str] = None) -> ChatInterface:
    return ChatInterface(database, user, mandateId)
