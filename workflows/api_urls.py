from django.urls import path

from workflows import api, task_api

urlpatterns = [
    path("workflows", api.WorkflowListApi.as_view(), name="workflows"),
    path("workflows/import", api.WorkflowImportApi.as_view(), name="workflows-import"),
    path("workflows/<int:workflow_id>", api.WorkflowDetailApi.as_view(), name="workflow"),
    path("workflows/<int:workflow_id>/export", api.WorkflowExportApi.as_view(), name="workflow-export"),
    path("workflows/<int:workflow_id>/versions", api.WorkflowVersionListApi.as_view(), name="workflow-versions"),
    path(
        "workflows/<int:workflow_id>/versions/<int:version>",
        api.WorkflowVersionDetailApi.as_view(),
        name="workflow-version",
    ),
    path(
        "workflows/<int:workflow_id>/versions/<int:version>/restore",
        api.WorkflowVersionRestoreApi.as_view(),
        name="workflow-version-restore",
    ),
    path("workflows/<int:workflow_id>/runs", api.workflow_runs, name="workflow-runs"),
    path("workflows/<int:workflow_id>/runs/<str:run_id>", api.WorkflowRunDetailApi.as_view(), name="workflow-run"),
    path("task/run", task_api.TaskRunApi.as_view(), name="task-run"),
    path("task/result", task_api.TaskResultApi.as_view(), name="task-result"),
    path("task/report", task_api.TaskReportApi.as_view(), name="task-report"),
    path("task/cancel", task_api.TaskCancelApi.as_view(), name="task-cancel"),
    path("task/validate", task_api.TaskValidateApi.as_view(), name="task-validate"),
]
