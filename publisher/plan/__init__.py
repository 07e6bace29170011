"""Local data packages + the portal's current state → a `Plan` of typed actions. Pure.

Modules: `actions` (one frozen dataclass per dataset or resource action, each describing itself
in a line and as JSON), `planner` (the comparison of fingerprints that chooses them).
"""

from __future__ import annotations

from publisher.plan.actions import (
    Conflict,
    CreateDataset,
    DatasetAction,
    DeleteDataset,
    DeleteResource,
    FieldChange,
    HeldBack,
    LeaveOnPortal,
    NameTaken,
    PatchResource,
    ResourceStep,
    SameResource,
    Status,
    UnchangedDataset,
    UpdateDataset,
    UploadFile,
)
from publisher.plan.planner import (
    Plan,
    RemoteState,
    describe,
    desired_view,
    is_ours,
    make_plan,
    owned_view,
    plan_dataset,
    summary_line,
)

__all__ = [
    "Conflict",
    "CreateDataset",
    "DatasetAction",
    "DeleteDataset",
    "DeleteResource",
    "FieldChange",
    "HeldBack",
    "LeaveOnPortal",
    "NameTaken",
    "PatchResource",
    "Plan",
    "RemoteState",
    "ResourceStep",
    "SameResource",
    "Status",
    "UnchangedDataset",
    "UpdateDataset",
    "UploadFile",
    "describe",
    "desired_view",
    "is_ours",
    "make_plan",
    "owned_view",
    "plan_dataset",
    "summary_line",
]
