"""``web_search``: one tool over several search APIs, chosen by settings.

``WEB_SEARCH_PROVIDER`` picks the provider (searchapi, serpapi, brave, tavily,
google), ``WEB_SEARCH_API_KEY`` (and ``WEB_SEARCH_CX`` for Google Programmable
Search) authenticate, ``WEB_SEARCH_BASE_URL`` points the provider elsewhere (a
proxy, a test server), ``WEB_SEARCH_TIMEOUT`` bounds a search. Unconfigured, the
tool is not offered at all (:func:`web_search_source`).

Every answer is normalised to ``[{title, url, snippet}]``. Failures become a
:class:`ToolError` with a fixed, safe message: never the key, never the
provider's raw answer, never the text of an HTTP library exception (which can
hold the request URL, ``api_key=…`` included).
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import httpx
from django.conf import settings

from tools import net
from tools.registry import Tool, ToolContext, ToolError
from tools.secrets import redact

log = logging.getLogger(__name__)

DEFAULT_RESULTS = 5
MAX_RESULTS = 10
MAX_RESPONSE_BYTES = 2_000_000
MAX_TITLE_CHARS = 300
MAX_SNIPPET_CHARS = 600


@dataclass(frozen=True)
class SearchRequest:
    method: str
    path: str
    params: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    json: dict | None = None


@dataclass(frozen=True)
class Provider:
    name: str
    base_url: str
    build: Callable[[str, int, str, str], SearchRequest]  # (query, num, key, cx)
    items: Callable[[Any], list]  # the provider's result list inside its JSON answer
    url_field: str = "link"
    snippet_field: str = "snippet"
    needs_cx: bool = False


def _dig(data: Any, *keys: str) -> list:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, list) else []


PROVIDERS: dict[str, Provider] = {
    provider.name: provider
    for provider in (
        Provider(
            name="searchapi",
            base_url="https://www.searchapi.io",
            build=lambda q, n, key, cx: SearchRequest(
                "GET", "/api/v1/search", params={"engine": "google", "q": q, "num": n, "api_key": key}
            ),
            items=lambda data: _dig(data, "organic_results"),
        ),
        Provider(
            name="serpapi",
            base_url="https://serpapi.com",
            build=lambda q, n, key, cx: SearchRequest(
                "GET", "/search.json", params={"engine": "google", "q": q, "num": n, "api_key": key}
            ),
            items=lambda data: _dig(data, "organic_results"),
        ),
        Provider(
            name="brave",
            base_url="https://api.search.brave.com",
            build=lambda q, n, key, cx: SearchRequest(
                "GET",
                "/res/v1/web/search",
                params={"q": q, "count": n},
                headers={"X-Subscription-Token": key, "Accept": "application/json"},
            ),
            items=lambda data: _dig(data, "web", "results"),
            url_field="url",
            snippet_field="description",
        ),
        Provider(
            name="tavily",
            base_url="https://api.tavily.com",
            build=lambda q, n, key, cx: SearchRequest(
                "POST", "/search", json={"api_key": key, "query": q, "max_results": n}
            ),
            items=lambda data: _dig(data, "results"),
            url_field="url",
            snippet_field="content",
        ),
        Provider(
            name="google",
            base_url="https://www.googleapis.com",
            build=lambda q, n, key, cx: SearchRequest(
                "GET", "/customsearch/v1", params={"key": key, "cx": cx, "q": q, "num": n}
            ),
            items=lambda data: _dig(data, "items"),
            needs_cx=True,
        ),
    )
}


@dataclass(frozen=True)
class SearchConfig:
    provider: Provider
    api_key: str = field(repr=False)
    cx: str
    base_url: str
    base_url_overridden: bool
    timeout: float


def search_config() -> SearchConfig | None:
    """The configured provider, or None when web search is not (fully) configured."""
    name = (getattr(settings, "WEB_SEARCH_PROVIDER", "") or "").strip().lower()
    key = getattr(settings, "WEB_SEARCH_API_KEY", "") or ""
    if not name or not key:
        return None
    provider = PROVIDERS.get(name)
    if provider is None:
        _warn_unknown_provider(name)
        return None
    cx = getattr(settings, "WEB_SEARCH_CX", "") or ""
    if provider.needs_cx and not cx:
        return None
    override = (getattr(settings, "WEB_SEARCH_BASE_URL", "") or "").strip()
    return SearchConfig(
        provider=provider,
        api_key=key,
        cx=cx,
        base_url=(override or provider.base_url).rstrip("/"),
        base_url_overridden=bool(override),
        timeout=float(getattr(settings, "WEB_SEARCH_TIMEOUT", 10.0)),
    )


@lru_cache(maxsize=8)
def _warn_unknown_provider(name: str) -> None:
    log.error("WEB_SEARCH_PROVIDER=%r is not one of %s; web_search is off", name, ", ".join(PROVIDERS))


# --- searching ----------------------------------------------------------------------------------


def search(query: str, num_results: int = DEFAULT_RESULTS, *, config: SearchConfig | None = None) -> list[dict]:
    """Search the web with the configured provider: ``[{title, url, snippet}]``."""
    config = config or search_config()
    if config is None:
        raise ToolError("web search is not configured")
    query = query.strip()
    if not query:
        raise ToolError("the search query is empty")
    num = max(1, min(MAX_RESULTS, int(num_results)))
    request = config.provider.build(query, num, config.api_key, config.cx)
    extra_hosts = (httpx.URL(config.base_url).netloc.decode("ascii"),) if config.base_url_overridden else ()
    try:
        response = net.fetch(
            request.method,
            config.base_url + request.path,
            params=request.params,
            headers=request.headers,
            json=request.json,
            timeout=config.timeout,
            max_bytes=MAX_RESPONSE_BYTES,
            extra_allowed_hosts=extra_hosts,
        )
    except ToolError as exc:
        raise ToolError(redact(f"web search failed: {exc}", [config.api_key])) from None
    except Exception as exc:  # never let an exception carrying the request URL reach a log
        log.warning("web search via %s failed: %s", config.provider.name, type(exc).__name__)
        raise ToolError("web search failed") from None

    if response.status in (401, 403):
        raise ToolError("web search failed: the search provider refused the API key")
    if response.status == 429:
        raise ToolError("web search failed: the search provider's rate limit was reached; try later")
    if response.status != 200:
        raise ToolError(f"web search failed: the search provider answered HTTP {response.status}")
    try:
        data = json.loads(response.body)
    except ValueError:
        raise ToolError("web search failed: the search provider's answer is not JSON") from None
    if isinstance(data, dict) and data.get("error"):
        log.warning("web search via %s: the provider reported an error", config.provider.name)
        raise ToolError("web search failed: the search provider reported an error")
    return normalise(config.provider, data, num)


_TAG = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"\s+")


def _clean(value: Any, limit: int) -> str:
    if not isinstance(value, str):
        return ""
    text = _SPACE.sub(" ", html.unescape(_TAG.sub("", value))).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def normalise(provider: Provider, data: Any, num: int) -> list[dict]:
    results: list[dict] = []
    seen: set[str] = set()
    for item in provider.items(data):
        if not isinstance(item, dict):
            continue
        url = item.get(provider.url_field)
        if not isinstance(url, str) or not url.startswith(("https://", "http://")) or url in seen:
            continue
        seen.add(url)
        results.append(
            {
                "title": _clean(item.get("title"), MAX_TITLE_CHARS) or url,
                "url": url,
                "snippet": _clean(item.get(provider.snippet_field), MAX_SNIPPET_CHARS),
            }
        )
        if len(results) >= num:
            break
    return results


# --- the tool ---------------------------------------------------------------------------------


def web_search(arguments: dict, ctx: ToolContext) -> list[dict]:
    return search(arguments["query"], arguments.get("num_results", DEFAULT_RESULTS))


PARAMETERS = {
    "type": "object",
    "properties": {
        "query": {"type": "string", "minLength": 1, "maxLength": 400, "description": "What to search for"},
        "num_results": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_RESULTS,
            "default": DEFAULT_RESULTS,
            "description": f"How many results (1-{MAX_RESULTS}, default {DEFAULT_RESULTS})",
        },
    },
    "required": ["query"],
    "additionalProperties": False,
}


@lru_cache(maxsize=4)
def web_search_tool(timeout: float) -> Tool:
    return Tool(
        name="web_search",
        idempotent=True,  # a read: retried after a transient failure
        alias="Web search",
        description="Search the web for current information. Returns titles, URLs and snippets.",
        parameters=PARAMETERS,
        func=web_search,
        output_rules=(
            "Cite the URLs of the results you rely on. Results can be outdated or wrong: "
            "prefer recent, authoritative sources and say when something may have changed."
        ),
        visible_args=lambda arguments: {"query": arguments.get("query", "")},
        visible_result=lambda results: [{"title": r["title"], "url": r["url"]} for r in results],
        timeout=timeout + 2.0,  # net.fetch gives up first, with a clearer message
    )


def web_search_source(ctx: ToolContext) -> list[Tool]:
    """Registry source: ``web_search`` when a provider is configured, nothing otherwise."""
    config = search_config()
    return [web_search_tool(config.timeout)] if config is not None else []
