from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from rest_framework.exceptions import ValidationError

from rag import jsonl, services
from rag.models import Snippet
from rag.tasks import enqueue_embedding

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class SnippetImportForm(forms.Form):
    file = forms.FileField(help_text="JSON Lines: one {title, description, code, language, tags} per line")
    owner = forms.ModelChoiceField(queryset=get_user_model().objects.order_by("username"))
    shared = forms.BooleanField(required=False, help_text="Share every imported snippet with all users")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB.")
        return upload


class SnippetForm(forms.ModelForm):
    class Meta:
        model = Snippet
        fields = ("owner", "title", "description", "code", "language", "tags", "shared")

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned[name] for name in services.EDITABLE_FIELDS if name in cleaned}
        try:
            cleaned.update(services.snippet_clean(values))
        except ValidationError as exc:
            for name, problems in exc.detail.items():
                self.add_error(name if name in self.fields else None, [str(p) for p in problems])
        return cleaned


@admin.register(Snippet)
class SnippetAdmin(admin.ModelAdmin):
    form = SnippetForm
    list_display = ("title", "language", "owner", "shared", "embedded", "updated_at")
    list_filter = ("language", "shared", ("owner", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "description", "code")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    readonly_fields = ("created_at", "updated_at", "embedding_model", "embedding_digest", "embedding_dims")
    fields = (
        "owner", "title", "description", "code", "language", "tags", "shared",
        "created_at", "updated_at", "embedding_model", "embedding_digest", "embedding_dims",
    )  # fmt: skip
    actions = ["reembed_selected"]
    change_list_template = "admin/rag/snippet/change_list.html"

    @admin.display(boolean=True, description="embedded")
    def embedded(self, snippet: Snippet) -> bool:
        return services.embedding_is_current(snippet)

    @admin.display(description="embedding dims")
    def embedding_dims(self, snippet: Snippet) -> int:
        vector = snippet.vector
        return 0 if vector is None else len(vector)

    # Writes go through the services so embeddings and the search index stay right.
    def save_model(self, request, obj, form, change):
        services.snippet_save(snippet=obj)

    def delete_model(self, request, obj):
        services.snippets_delete(snippet_ids=[obj.pk])

    def delete_queryset(self, request, queryset):
        services.snippets_delete(snippet_ids=list(queryset.values_list("pk", flat=True)))

    @admin.action(description="Re-embed selected snippets (in the background)")
    def reembed_selected(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        enqueue_embedding(snippet_ids=ids, force=True)
        self.message_user(request, f"Queued {len(ids)} snippet(s) for embedding.", messages.SUCCESS)

    def get_urls(self):
        urls = super().get_urls()
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="rag_snippet_import",
            )
        ]
        return custom + urls

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect(reverse("admin:rag_snippet_changelist"))
        form = SnippetImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                records = jsonl.read_records(form.cleaned_data["file"])
                ids = services.snippets_import(
                    owner=form.cleaned_data["owner"],
                    records=records,
                    shared=True if form.cleaned_data["shared"] else None,
                    embed="async",
                )
            except ValidationError as exc:
                form.add_error("file", services.validation_message(exc))
            else:
                self.message_user(
                    request, f"Imported {len(ids)} snippet(s); embeddings are computed in the background."
                )
                return redirect(reverse("admin:rag_snippet_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": "Import snippets",
        }
        return TemplateResponse(request, "admin/rag/snippet/import.html", context)
