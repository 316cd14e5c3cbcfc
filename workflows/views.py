from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def workflows_page(request):
    """The Workflows page: list, import/export, run with a generated form, live graph, per-node report.

    Everything on it is static/js/workflows/*.js over the JSON API (docs/workflows.md, "The Workflows page")."""
    return render(request, "workflows/index.html")
