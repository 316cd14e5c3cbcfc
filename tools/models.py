"""Admin-defined HTTP tools and the secrets their requests may carry.

Writes go through ``tools.http.services`` (they invalidate every process's cache
of enabled tools); ``clean()`` holds the validation the admin form shows.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import jsonschema
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from tools.http import rendering

TOOL_NAME = RegexValidator(r"^[a-z0-9_]{1,64}\Z", "Lower-case letters, digits and _ only (at most 64).")
SECRET_NAME = RegexValidator(r"^[A-Za-z0-9_]{1,64}\Z", "Letters, digits and _ only (at most 64).")
HEADER_NAME = RegexValidator(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+\Z", "Not a valid HTTP header name.")
FORBIDDEN_HEADERS = {"host", "content-length", "transfer-encoding", "connection"}


def reserved_names() -> set[str]:
    """Names of code-defined tools; a DB tool of the same name would be shadowed by them."""
    from tools.registry import registry

    return {tool.name for tool in registry.tools_for_static()} | {"web_search"}


def default_parameters() -> dict:
    return {"type": "object", "properties": {}, "additionalProperties": False}


class HttpToolSecret(models.Model):
    """A value HTTP tools may send (``{{secret:NAME}}``); stored as a Fernet token.

    Never shown after saving, never logged, never sent to the model or a client.
    """

    name = models.CharField(max_length=64, unique=True, validators=[SECRET_NAME])
    description = models.CharField(max_length=200, blank=True)
    value_encrypted = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "HTTP tool secret"

    def __str__(self) -> str:
        return self.name

    @property
    def is_set(self) -> bool:
        return bool(self.value_encrypted)


class HttpTool(models.Model):
    """An HTTP endpoint the agent may call, described for the model by a JSON schema."""

    class Method(models.TextChoices):
        GET = "GET"
        POST = "POST"
        PUT = "PUT"
        PATCH = "PATCH"
        DELETE = "DELETE"

    class BodyMode(models.TextChoices):
        NONE = "none", "No body"
        TEMPLATE = "template", "Body template"
        ARGUMENTS = "arguments", "Pass arguments as JSON body"

    class Audience(models.TextChoices):
        EVERYONE = "everyone", "Everyone"
        STAFF = "staff", "Staff only"

    name = models.CharField(
        max_length=64, unique=True, validators=[TOOL_NAME], help_text="What the model calls, e.g. get_weather."
    )
    alias = models.CharField(max_length=100, blank=True, help_text="What people see; the name when blank.")
    description = models.TextField(help_text="Told to the model: what the tool does and when to use it.")
    output_rules = models.TextField(blank=True, help_text="Told to the model: how to use the result.")
    method = models.CharField(max_length=8, choices=Method.choices, default=Method.GET)
    url_template = models.CharField(
        max_length=2000,
        help_text="http(s) URL; {param} placeholders in the path only, e.g. https://api.example.com/items/{item_id}",
    )
    parameters = models.JSONField(default=default_parameters, help_text="JSON schema of the arguments (an object).")
    headers = models.JSONField(
        default=dict, blank=True, help_text="Header name → value; values may use {{secret:NAME}}."
    )
    query_params = models.JSONField(
        default=dict, blank=True, help_text="Query name → value with {param} and {{secret:NAME}} placeholders."
    )
    body_mode = models.CharField(max_length=16, choices=BodyMode.choices, default=BodyMode.NONE)
    body_template = models.JSONField(
        null=True, blank=True, help_text='JSON; "{param}" becomes the argument, {{secret:NAME}} a secret.'
    )
    timeout = models.FloatField(default=10.0, validators=[MinValueValidator(0.5), MaxValueValidator(60.0)])
    max_response_bytes = models.PositiveIntegerField(
        default=100_000, validators=[MinValueValidator(256), MaxValueValidator(5_000_000)]
    )
    enabled = models.BooleanField(default=True)
    idempotent = models.BooleanField(
        default=False,
        help_text="Safe to send twice with the same arguments (a lookup, not a change): retried automatically "
        "after a timeout, HTTP 429 or 5xx, or a connection error. Leave off for requests that change something.",
    )
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.EVERYONE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "HTTP tool"

    def __str__(self) -> str:
        return self.name

    @property
    def host(self) -> str:
        return urlsplit(self.url_template).hostname or ""

    def secret_names(self) -> set[str]:
        texts = [*rendering.strings_in(self.headers), *rendering.strings_in(self.query_params)]
        if self.body_mode == self.BodyMode.TEMPLATE:
            texts += rendering.strings_in(self.body_template)
        return {name for text in texts for name in rendering.secrets_in(text)}

    def path_params(self) -> list[str]:
        return sorted(rendering.params_in(urlsplit(self.url_template).path))

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def error(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        if self.name in reserved_names():
            error("name", "This name belongs to a built-in tool.")

        declared: set[str] = set()
        if not isinstance(self.parameters, dict) or self.parameters.get("type") != "object":
            error("parameters", 'Must be a JSON schema of type "object".')
        else:
            try:
                jsonschema.Draft202012Validator.check_schema(self.parameters)
            except jsonschema.SchemaError as exc:
                error("parameters", f"Not a valid JSON schema: {exc.message}")
            properties = self.parameters.get("properties", {})
            declared = set(properties) if isinstance(properties, dict) else set()

        def check_placeholders(field: str, texts: list[str], *, secrets_ok: bool, params_ok: bool) -> None:
            for text in texts:
                unknown = rendering.params_in(text) - declared
                if params_ok and unknown:
                    error(field, f"Unknown parameter(s): {', '.join(sorted(unknown))}.")
                if not params_ok and rendering.params_in(text):
                    error(field, "Arguments ({param}) are not allowed here.")
                if not secrets_ok and rendering.secrets_in(text):
                    error(field, "Secrets are not allowed here.")

        parts = urlsplit(self.url_template or "")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            error("url_template", "Must be an absolute http:// or https:// URL.")
        if parts.username or parts.password:
            error("url_template", "Put credentials in a header with a secret, not in the URL.")
        check_placeholders("url_template", [parts.netloc], secrets_ok=False, params_ok=False)
        check_placeholders("url_template", [parts.query, parts.fragment], secrets_ok=False, params_ok=False)
        check_placeholders("url_template", [parts.path], secrets_ok=False, params_ok=True)

        if not isinstance(self.headers, dict) or not all(isinstance(v, str) for v in self.headers.values()):
            error("headers", "Must be a JSON object of strings.")
        else:
            for header in self.headers:
                try:
                    HEADER_NAME(header)
                except ValidationError:
                    error("headers", f"{header!r} is not a valid header name.")
                if header.lower() in FORBIDDEN_HEADERS:
                    error("headers", f"{header} is set by the platform.")
            check_placeholders("headers", list(self.headers.values()), secrets_ok=True, params_ok=False)

        if not isinstance(self.query_params, dict) or not all(isinstance(v, str) for v in self.query_params.values()):
            error("query_params", "Must be a JSON object of strings.")
        else:
            check_placeholders("query_params", list(self.query_params.values()), secrets_ok=True, params_ok=True)

        if self.body_mode == self.BodyMode.TEMPLATE:
            if not isinstance(self.body_template, dict | list):
                error("body_template", "A body template must be a JSON object or array.")
            else:
                check_placeholders(
                    "body_template", rendering.strings_in(self.body_template), secrets_ok=True, params_ok=True
                )
        if self.body_mode != self.BodyMode.NONE and self.method == self.Method.GET:
            error("body_mode", "A GET request has no body.")

        if not errors:
            missing = self.secret_names() - set(
                HttpToolSecret.objects.filter(name__in=self.secret_names()).values_list("name", flat=True)
            )
            if missing:
                error(NON_FIELD_ERRORS, f"No such secret(s): {', '.join(sorted(missing))}.")
        if errors:
            raise ValidationError(errors)
