from rest_framework import serializers


class ToolSerializer(serializers.Serializer):
    """A tool as the agent offers it to the model: what it is called and what it takes."""

    name = serializers.CharField()
    alias = serializers.CharField()
    description = serializers.CharField()
    parameters = serializers.DictField(help_text="JSON schema of the tool's arguments")
