"""web_search against a fake provider on 127.0.0.1 speaking each provider's real request shape."""

import httpx
import pytest

from tools import net, web_search
from tools.registry import ToolCall, ToolContext, ToolError, run_call
from tools.tests.conftest import Reply

KEY = "Zq81vXk3plainKEY7"  # matches no generic redaction pattern: a leak would show
CTX = ToolContext(user_id=1)
RESULTS = [
    ("Python 3.13 released", "https://www.python.org/downloads/release/python-3130/", "The <b>final</b> release"),
    ("What's new", "https://docs.python.org/3/whatsnew/3.13.html", "Summary &amp; release highlights"),
    ("Not a web page", "javascript:alert(1)", "dropped: not http(s)"),
    ("Changelog", "https://docs.python.org/3/whatsnew/changelog.html", "All changes"),
]


def answer(provider: str, results=RESULTS) -> dict:
    """A provider's answer, in that provider's own shape."""
    if provider in ("searchapi", "serpapi"):
        return {
            "organic_results": [
                {"position": i, "title": t, "link": u, "snippet": s} for i, (t, u, s) in enumerate(results)
            ]
        }
    if provider == "brave":
        return {"web": {"results": [{"title": t, "url": u, "description": s} for t, u, s in results]}}
    if provider == "tavily":
        return {"results": [{"title": t, "url": u, "content": s, "score": 0.9} for t, u, s in results]}
    return {"items": [{"title": t, "link": u, "snippet": s} for t, u, s in results]}  # google


def check_request(provider: str, request) -> str | None:
    """What is wrong with a request for ``provider`` (None: it is the provider's real shape)."""
    q = {key: values[0] for key, values in request.query.items()}
    if provider == "searchapi":
        ok = request.method == "GET" and request.path == "/api/v1/search"
        ok = ok and q.get("engine") == "google" and q.get("api_key") == KEY and q.get("q")
    elif provider == "serpapi":
        ok = request.method == "GET" and request.path == "/search.json" and q.get("api_key") == KEY and q.get("q")
    elif provider == "brave":
        ok = request.method == "GET" and request.path == "/res/v1/web/search" and q.get("q")
        ok = ok and request.headers.get("x-subscription-token") == KEY and "api_key" not in q
    elif provider == "tavily":
        body = request.json() if request.body else {}
        ok = request.method == "POST" and request.path == "/search"
        ok = ok and body.get("api_key") == KEY and body.get("query") and body.get("max_results")
    else:
        ok = request.method == "GET" and request.path == "/customsearch/v1"
        ok = ok and q.get("key") == KEY and q.get("cx") == "cx-123" and q.get("q")
    return None if ok else f"unexpected request {request}"


@pytest.fixture
def configure(settings, local_server):
    def configure_for(provider: str):
        settings.WEB_SEARCH_PROVIDER = provider
        settings.WEB_SEARCH_API_KEY = KEY
        settings.WEB_SEARCH_CX = "cx-123" if provider == "google" else ""
        settings.WEB_SEARCH_BASE_URL = local_server.url
        settings.WEB_SEARCH_TIMEOUT = 3.0
        return local_server

    return configure_for


@pytest.mark.parametrize("provider", ["searchapi", "serpapi", "brave", "tavily", "google"])
def test_each_provider_is_called_its_own_way_and_normalised(configure, provider):
    server = configure(provider)

    def respond(request):
        problem = check_request(provider, request)
        return Reply(400, {"error": problem}) if problem else Reply(200, answer(provider))

    server.responder = respond
    results = web_search.search("python 3.13 release", 2)
    assert results == [
        {
            "title": "Python 3.13 released",
            "url": "https://www.python.org/downloads/release/python-3130/",
            "snippet": "The final release",
        },
        {
            "title": "What's new",
            "url": "https://docs.python.org/3/whatsnew/3.13.html",
            "snippet": "Summary & release highlights",
        },
    ]
    assert len(server.requests) == 1


def test_the_tool_shows_the_query_and_titles_with_urls_only(configure):
    configure("searchapi").responder = lambda request: Reply(200, answer("searchapi"))
    [tool] = web_search.web_search_source(CTX)
    assert (tool.name, tool.alias) == ("web_search", "Web search")
    assert "Cite the URLs" in tool.output_rules
    assert "outdated" in tool.output_rules
    outcome = run_call(ToolCall("c1", "web_search", '{"query": "python", "num_results": 3}'), tool, CTX)
    assert outcome.ok, outcome.error
    assert [r["url"] for r in outcome.result] == [RESULTS[0][1], RESULTS[1][1], RESULTS[3][1]]
    assert outcome.visible == [{"title": r["title"], "url": r["url"]} for r in outcome.result]
    assert tool.visible_args({"query": "python", "num_results": 3}) == {"query": "python"}
    assert KEY not in outcome.content


def test_num_results_defaults_to_five_and_is_bounded(configure):
    many = [(f"r{i}", f"https://example.com/{i}", "s") for i in range(20)]
    configure("brave").responder = lambda request: Reply(200, answer("brave", many))
    assert len(web_search.search("x")) == 5
    assert len(web_search.search("x", 50)) == 10
    [tool] = web_search.web_search_source(CTX)
    outcome = run_call(ToolCall("c1", "web_search", '{"query": "x", "num_results": 11}'), tool, CTX)
    assert outcome.ok is False
    assert outcome.error.startswith("invalid arguments")


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        (Reply(401, {"error": f"Invalid API key {KEY}"}), "web search failed: the search provider refused the API key"),
        (Reply(429, "slow down"), "web search failed: the search provider's rate limit was reached; try later"),
        (Reply(500, f"Traceback ... api_key={KEY}"), "web search failed: the search provider answered HTTP 500"),
        (Reply(200, f"<html>{KEY}</html>"), "web search failed: the search provider's answer is not JSON"),
        (Reply(200, {"error": f"Your key {KEY} ran out"}), "web search failed: the search provider reported an error"),
    ],
)
def test_provider_errors_are_tool_errors_without_key_or_raw_answer(configure, reply, message, raw_logs):
    configure("serpapi").responder = lambda request: reply
    with pytest.raises(ToolError) as failed:
        web_search.search("anything")
    assert str(failed.value) == message
    assert KEY not in raw_logs.text


def test_unreachable_provider_error_has_no_key(settings, raw_logs):
    from tomato_agent.embedded import free_port

    settings.WEB_SEARCH_PROVIDER, settings.WEB_SEARCH_API_KEY = "searchapi", KEY
    settings.WEB_SEARCH_BASE_URL = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ToolError) as failed:
        web_search.search("anything")
    assert str(failed.value) == "web search failed: could not connect to the server"
    assert "could not connect" in raw_logs.text
    assert KEY not in raw_logs.text


def test_a_slow_provider_times_out(configure, settings):
    server = configure("tavily")
    settings.WEB_SEARCH_TIMEOUT = 0.3

    def slow(request):
        server.release.wait(5)
        return Reply(200, answer("tavily"))

    server.responder = slow
    with pytest.raises(ToolError, match=r"^web search failed: the request timed out$"):
        web_search.search("anything")


def test_an_http_library_exception_carrying_the_url_is_scrubbed(configure, monkeypatch, raw_logs):
    """httpx exceptions can embed the request URL (and so ?api_key=...): none of it may escape."""
    configure("searchapi")

    def leaky_fetch(method, url, **kwargs):
        raise httpx.ConnectError(f"All connection attempts failed for {url}?api_key={KEY}")

    monkeypatch.setattr(net, "fetch", leaky_fetch)
    [tool] = web_search.web_search_source(CTX)
    outcome = run_call(ToolCall("c1", "web_search", '{"query": "x"}'), tool, CTX)
    assert (outcome.ok, outcome.error) == (False, "web search failed")
    assert KEY not in outcome.content
    assert "web search via searchapi failed: ConnectError" in raw_logs.text
    assert KEY not in raw_logs.text


def test_a_tool_error_mentioning_the_key_is_redacted(configure, monkeypatch):
    configure("serpapi")

    def fetch(method, url, **kwargs):
        raise ToolError(f"odd failure near {KEY}")

    monkeypatch.setattr(net, "fetch", fetch)
    with pytest.raises(ToolError) as failed:
        web_search.search("x")
    assert KEY not in str(failed.value)
    assert "[redacted]" in str(failed.value)


@pytest.mark.parametrize(
    "overrides",
    [
        {"WEB_SEARCH_PROVIDER": ""},
        {"WEB_SEARCH_API_KEY": ""},
        {"WEB_SEARCH_PROVIDER": "altavista"},
        {"WEB_SEARCH_PROVIDER": "google", "WEB_SEARCH_CX": ""},
    ],
)
def test_not_offered_unless_fully_configured(settings, overrides):
    settings.WEB_SEARCH_PROVIDER, settings.WEB_SEARCH_API_KEY = "searchapi", KEY
    for name, value in overrides.items():
        setattr(settings, name, value)
    assert web_search.web_search_source(CTX) == []
    with pytest.raises(ToolError, match="not configured"):
        web_search.search("x")


def test_provider_base_url_is_the_real_one_by_default(settings):
    settings.WEB_SEARCH_PROVIDER, settings.WEB_SEARCH_API_KEY, settings.WEB_SEARCH_BASE_URL = "brave", KEY, ""
    config = web_search.search_config()
    assert config.base_url == "https://api.search.brave.com"
    assert KEY not in repr(config)


def test_the_key_stays_out_of_httpx_request_logs(configure, raw_logs):
    """Even with the httpx logger turned up to INFO, its request line has no query string."""
    configure("serpapi").responder = lambda request: Reply(200, answer("serpapi"))
    web_search.search("tomato")
    assert "HTTP Request: GET http://127.0.0.1" in raw_logs.text  # the line is there ...
    assert "/search.json " in raw_logs.text
    assert KEY not in raw_logs.text  # ... without its query string
