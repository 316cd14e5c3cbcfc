def platform(request):
    """What every page needs to be honest about the model in use."""
    from django.conf import settings

    return {"llm_model": settings.LLM_MODEL, "llm_scripted": settings.LLM_SCRIPTED}
