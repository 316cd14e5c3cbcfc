class WorkflowKind:
    name = "workflow"
workflow_kind = WorkflowKind()
