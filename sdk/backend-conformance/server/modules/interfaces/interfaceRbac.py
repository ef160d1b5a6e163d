"""Record access by role, standing in for the backend's interfaceRbac: a user sees their own records."""
from typing import Any, Dict, List, Optional


def getRecordsetWithRBAC(db, model, user, recordFilter: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
    records = [dict(record) for workflow_id, record in db.workflows.items() if db.owners.get(workflow_id) == user.id]
    for key, value in (recordFilter or {}).items():
        records = [record for record in records if record.get(key) == value]
    return records
