"""Request shapes and response bodies of the workflow API (shape only; rules live in services)."""

from __future__ import annotations

from rest_framework import serializers

from workflows.documents import input_schema


class WorkflowListQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class WorkflowInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=4000, allow_blank=True, required=False)
    schema = serializers.JSONField(help_text="The FlowGram document {nodes, edges} (or its JSON string).")
    shared = serializers.BooleanField(required=False, default=False)


class WorkflowChangeSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=4000, allow_blank=True, required=False)
    schema = serializers.JSONField(required=False)
    shared = serializers.BooleanField(required=False)


class WorkflowRunInputSerializer(serializers.Serializer):
    inputs = serializers.DictField(required=False, default=dict, help_text="Values for the start node's outputs.")


class WorkflowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    version = serializers.IntegerField()
    shared = serializers.BooleanField()
    owner = serializers.CharField(source="owner.username")
    is_owner = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_is_owner(self, workflow) -> bool:
        request = self.context.get("request")
        return bool(request and workflow.owner_id == request.user.pk)


class WorkflowDetailSerializer(WorkflowSerializer):
    schema = serializers.JSONField()
    inputs_schema = serializers.SerializerMethodField(help_text="The start node's outputs: what a run takes.")
    errors = serializers.SerializerMethodField(help_text="Why the workflow cannot run as it is ([] when it can).")

    def get_inputs_schema(self, workflow) -> dict:
        return input_schema(workflow.schema)

    def get_errors(self, workflow) -> list[str]:
        from workflows.admission import schema_errors

        return schema_errors(workflow.schema)


class WorkflowVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)
    created_at = serializers.DateTimeField()


class WorkflowVersionDetailSerializer(WorkflowVersionSerializer):
    schema = serializers.JSONField()


class WorkflowRunSummarySerializer(serializers.Serializer):
    id = serializers.CharField(source="_id")
    status = serializers.CharField()
    workflow_version = serializers.IntegerField(allow_null=True, default=None)
    source = serializers.CharField(default="workflow")
    created_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True, default=None)
    duration_ms = serializers.IntegerField(allow_null=True, default=None)
    usage = serializers.JSONField(allow_null=True, default=None)
    error = serializers.JSONField(allow_null=True, default=None)


class WorkflowRunReportSerializer(WorkflowRunSummarySerializer):
    inputs = serializers.JSONField(default=dict)
    outputs = serializers.JSONField(default=dict)
    nodes = serializers.JSONField(
        default=list,
        help_text="Per node: status, timings, inputs, outputs, error, "
        "branch, usage and a snapshot per run of it (each loop iteration).",
    )
    messages = serializers.JSONField(default=list)


class RunStartedSerializer(serializers.Serializer):
    run_id = serializers.CharField()
    workflow_id = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField(allow_null=True)
    events_url = serializers.CharField()


def _page(name: str, item) -> type[serializers.Serializer]:
    """The ``{results, next}`` answer of a list (``next`` is the following page's URL, or null)."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "results": item(many=True),
            "next": serializers.URLField(allow_null=True),
            "__doc__": f"A page of {item.__name__.removesuffix('Serializer')} objects.",
        },
    )


WorkflowPageSerializer = _page("WorkflowPageSerializer", WorkflowSerializer)
WorkflowVersionPageSerializer = _page("WorkflowVersionPageSerializer", WorkflowVersionSerializer)
WorkflowRunPageSerializer = _page("WorkflowRunPageSerializer", WorkflowRunSummarySerializer)
