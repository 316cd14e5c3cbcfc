"""The SSRF policy of tools.net, against a local server and a fake resolver (no real DNS)."""

import time

import pytest

from tools import net
from tools.net import DestinationNotAllowed, fetch
from tools.registry import ToolError
from tools.tests.conftest import Reply


@pytest.fixture(autouse=True)
def _resolver(fake_dns):
    """No test here touches real DNS; names resolve only as each test says."""
    fake_dns.add("localhost", ["127.0.0.1", "::1"])
    fake_dns.add("metadata.google.internal", ["169.254.169.254"])
    fake_dns.add("intranet.example", ["10.1.2.3"])
    fake_dns.add("mixed.example", ["93.184.216.34", "192.168.0.7"])
    fake_dns.add("v6-private.example", ["fd12:3456::1"])
    fake_dns.add("v6-site-local.example", ["fec0:0:0:1::5"])
    return fake_dns


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/", "loopback address"),
        ("http://127.255.0.9:8080/x", "loopback address"),
        ("http://localhost/", "loopback address"),
        ("http://10.0.0.1/", "private address"),
        ("http://172.16.5.4/", "private address"),
        ("http://192.168.1.1/", "private address"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata address"),
        ("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata address"),
        ("http://169.254.10.10/", "link-local address"),
        ("http://0.0.0.0/", "unspecified address"),
        ("http://224.0.0.1/", "multicast address"),
        ("http://240.0.0.1/", "reserved address"),
        ("http://100.64.0.1/", "shared address space"),
        ("http://192.0.2.10/", "private address"),  # documentation range: not public either
        ("http://[::1]/", "loopback address"),
        ("http://[::]/", "unspecified address"),
        ("http://[::ffff:127.0.0.1]/", "IPv4-mapped IPv6 address"),
        ("http://[::ffff:7f00:1]/", "IPv4-mapped IPv6 address"),
        ("http://[::ffff:169.254.169.254]/", "IPv4-mapped IPv6 address"),
        ("http://[fd00::1]/", "private address"),
        ("http://[fe80::1]/", "link-local address"),
        ("http://[fec0::1]/", "site-local address"),
        ("http://[feff:ffff::1]/", "site-local address"),
        ("http://[3fff::1]/", "documentation address"),
        ("http://[ff02::1]/", "multicast address"),
        ("http://[64:ff9b::7f00:1]/", "loopback address (embedded in IPv6)"),
        ("http://[2002:a00:1::]/", "private address (embedded in IPv6)"),
        ("http://2130706433/", "non-canonical numeric address"),
        ("http://0x7f.1/", "non-canonical numeric address"),
        ("http://0x7f000001/", "non-canonical numeric address"),
        ("http://0177.0.0.1/", "non-canonical numeric address"),
        ("http://127.1/", "non-canonical numeric address"),
        ("http://127.0.1/", "non-canonical numeric address"),
        ("http://127.000.000.001/", "non-canonical numeric address"),
        ("http://0/", "non-canonical numeric address"),
        ("http://127.0.0.1./", "non-canonical numeric address"),
        ("http://intranet.example/", "private address"),
        ("http://mixed.example/", "private address"),  # every resolved address is checked
        ("http://v6-private.example/", "private address"),
        ("http://v6-site-local.example/", "site-local address"),
        ("ftp://example.com/file", "only http and https URLs"),
        ("file:///etc/passwd", "only http and https URLs"),
        ("gopher://127.0.0.1:6379/_FLUSHALL", "only http and https URLs"),
        ("http://user:pass@example.com/", "credentials in the URL"),
        ("http://example.com@127.0.0.1/", "credentials in the URL"),
        ("http://evil.example\\@127.0.0.1/", "credentials in the URL"),
        ("http://127.0.0.1#@evil.example/", "loopback address"),
        ("http://127\u30020\u30020\u30021/", "loopback address"),  # ideographic full stops
        ("http://\u2460\u2461\u2466.0.0.1/", "non-canonical numeric address"),  # circled digits
        ("http://[::127.0.0.1]/", "reserved address"),
        ("http://[::1%25eth0]/", "scoped IPv6 address"),
    ],
)
def test_refused_destinations(url, reason, no_outside_connections):
    with pytest.raises(DestinationNotAllowed) as refused:
        fetch("GET", url, timeout=2)
    assert str(refused.value) == f"destination not allowed: {reason}"
    assert no_outside_connections == []


def test_an_unresolvable_name_is_a_clear_error():
    with pytest.raises(ToolError, match=r"^could not resolve the host name$"):
        fetch("GET", "http://no-such-host.example/", timeout=2)


def test_a_public_address_passes_the_check(fake_dns):
    fake_dns.add("public.example", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
    destination = net.check_url("https://public.example/search?q=1")
    assert destination.addresses == (
        net.ipaddress.ip_address("93.184.216.34"),
        net.ipaddress.ip_address("2606:2800:220:1:248:1893:25c8:1946"),
    )
    assert (destination.host, destination.port, destination.allowlisted) == ("public.example", 443, False)


def test_loopback_server_is_refused_without_the_allowlist(local_server):
    with pytest.raises(DestinationNotAllowed, match="loopback address"):
        fetch("GET", f"{local_server.url}/", timeout=2)
    assert local_server.requests == []


def test_allowlisted_host_is_reached(local_server, allow_local):
    local_server.responder = lambda request: Reply(200, {"hello": "world"})
    result = fetch("GET", f"{local_server.url}/greet", params={"name": "tomato"}, timeout=3)
    assert (result.status, result.body, result.truncated) == (200, b'{"hello": "world"}', False)
    assert local_server.requests[0].path == "/greet"
    assert local_server.requests[0].query == {"name": ["tomato"]}


def test_allowlist_entry_with_a_port_admits_only_that_port(local_server, other_server, settings):
    settings.TOOLS_HTTP_ALLOWED_HOSTS = [f"127.0.0.1:{local_server.port}"]
    assert fetch("GET", f"{local_server.url}/", timeout=3).status == 200
    with pytest.raises(DestinationNotAllowed, match="loopback address"):
        fetch("GET", f"{other_server.url}/", timeout=3)
    assert other_server.requests == []


def test_the_checked_address_is_the_one_connected_to(local_server, fake_dns, settings):
    """DNS rebinding: the name resolves once; a second answer is never used."""
    settings.TOOLS_HTTP_ALLOWED_HOSTS = ["pinned.test"]
    fake_dns.add("pinned.test", ["127.0.0.1"], ["127.0.0.2"], ["127.0.0.3"])
    result = fetch("GET", f"http://pinned.test:{local_server.port}/where", timeout=3)
    assert result.status == 200
    assert fake_dns.calls == ["pinned.test"]  # resolved exactly once
    received = local_server.requests[0]
    assert received.headers["host"] == f"pinned.test:{local_server.port}"  # the name, not the IP
    assert received.path == "/where"


def test_redirect_to_a_private_address_is_refused(local_server, settings):
    settings.TOOLS_HTTP_ALLOWED_HOSTS = [f"127.0.0.1:{local_server.port}"]
    local_server.responder = lambda request: Reply(302, headers={"Location": "http://10.0.0.5/admin"})
    with pytest.raises(DestinationNotAllowed, match=r"^destination not allowed: private address$"):
        fetch("GET", f"{local_server.url}/start", timeout=3)
    assert [r.path for r in local_server.requests] == ["/start"]


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/iam", "cloud metadata address"),
        ("http://2130706433/", "non-canonical numeric address"),
        ("http://[::ffff:127.0.0.1]/", "IPv4-mapped IPv6 address"),
        ("http://localhost:6379/", "loopback address"),
        ("file:///etc/passwd", "only http and https URLs"),
    ],
)
def test_every_redirect_hop_is_checked(local_server, settings, location, reason):
    settings.TOOLS_HTTP_ALLOWED_HOSTS = [f"127.0.0.1:{local_server.port}"]
    local_server.responder = lambda request: Reply(307, headers={"Location": location})
    with pytest.raises(DestinationNotAllowed, match=rf"^destination not allowed: {reason}"):
        fetch("GET", f"{local_server.url}/start", timeout=3)


def test_redirects_are_followed_up_to_the_limit(local_server, allow_local):
    def hop(request):
        left = int(request.path.rsplit("/", 1)[1])
        if left == 0:
            return Reply(200, "arrived")
        return Reply(302, headers={"Location": f"/hop/{left - 1}"})

    local_server.responder = hop
    assert fetch("GET", f"{local_server.url}/hop/5", timeout=5).body == b"arrived"
    local_server.requests.clear()
    with pytest.raises(ToolError, match="too many redirects"):
        fetch("GET", f"{local_server.url}/hop/6", timeout=5)
    assert len(local_server.requests) == 6


def test_cross_origin_redirect_drops_caller_headers(local_server, other_server, allow_local):
    local_server.responder = lambda request: Reply(302, headers={"Location": f"{other_server.url}/landing"})
    fetch("GET", f"{local_server.url}/start", headers={"X-Api-Key": "k-123456"}, timeout=3)
    assert local_server.requests[0].headers["x-api-key"] == "k-123456"
    assert "x-api-key" not in other_server.requests[0].headers


@pytest.mark.parametrize("status", [307, 308])
def test_cross_origin_307_308_never_resends_the_body(local_server, other_server, allow_local, status):
    local_server.responder = lambda request: Reply(status, headers={"Location": f"{other_server.url}/steal"})
    with pytest.raises(ToolError, match="redirected the request to another origin"):
        fetch("POST", f"{local_server.url}/submit", json={"api_key": "sk-body-secret-1"}, timeout=3)
    assert other_server.requests == []  # the body (and its key) never left for the other origin


def test_same_origin_307_resends_the_body(local_server, allow_local):
    def respond(request):
        return Reply(307, headers={"Location": "/again"}) if request.path == "/submit" else Reply(200, "ok")

    local_server.responder = respond
    fetch("POST", f"{local_server.url}/submit", json={"a": 1}, timeout=3)
    assert [(r.method, r.path, r.body) for r in local_server.requests] == [
        ("POST", "/submit", b'{"a":1}'),
        ("POST", "/again", b'{"a":1}'),
    ]


def test_same_origin_redirect_keeps_headers_and_303_turns_post_into_get(local_server, allow_local):
    def respond(request):
        if request.path == "/submit":
            return Reply(303, headers={"Location": "/done"})
        return Reply(200, "ok")

    local_server.responder = respond
    fetch("POST", f"{local_server.url}/submit", headers={"X-Api-Key": "k-123456"}, json={"a": 1}, timeout=3)
    first, second = local_server.requests
    assert (first.method, first.body) == ("POST", b'{"a":1}')
    assert (second.method, second.body, second.headers["x-api-key"]) == ("GET", b"", "k-123456")


@pytest.mark.parametrize("declared", [True, False])
def test_a_response_over_the_limit_is_refused(local_server, allow_local, declared):
    local_server.responder = lambda request: Reply(200, b"x" * 50_000, content_length=declared)
    with pytest.raises(ToolError, match=r"^the response is larger than 1000 bytes$"):
        fetch("GET", f"{local_server.url}/big", max_bytes=1000, timeout=3)


def test_a_response_over_the_limit_can_be_truncated(local_server, allow_local):
    local_server.responder = lambda request: Reply(200, b"x" * 50_000, content_length=False)
    result = fetch("GET", f"{local_server.url}/big", max_bytes=1000, truncate=True, timeout=3)
    assert (len(result.body), result.truncated) == (1000, True)


def test_a_slow_server_times_out(local_server, allow_local):
    def slow(request):
        local_server.release.wait(5)
        return Reply(200, "late")

    local_server.responder = slow
    started = time.monotonic()
    with pytest.raises(ToolError, match=r"^the request timed out$"):
        fetch("GET", f"{local_server.url}/slow", timeout=0.3)
    assert time.monotonic() - started < 2


def test_a_closed_port_is_a_clear_error(allow_local):
    from tomato_agent.embedded import free_port

    with pytest.raises(ToolError, match=r"^could not connect to the server$"):
        fetch("GET", f"http://127.0.0.1:{free_port()}/", timeout=2)


def test_error_messages_never_contain_the_url(allow_local):
    from tomato_agent.embedded import free_port

    url = f"http://127.0.0.1:{free_port()}/search?api_key=sk-never-shown"
    with pytest.raises(ToolError) as failed:
        fetch("GET", url, timeout=2)
    assert "sk-never-shown" not in str(failed.value)
    # nor does a logged traceback: the httpx exception (whose text has the URL) is not chained
    error = failed.value
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


# --- TLS: connect to the pinned IP, verify the certificate against the name ---------------------


def self_signed(hostname: str) -> tuple[bytes, bytes]:
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    """An HTTPS server whose certificate names secure.test; the client trusts only that certificate."""
    import ssl

    from tools.tests.conftest import LocalServer

    cert_pem, key_pem = self_signed("secure.test")
    (tmp_path / "cert.pem").write_bytes(cert_pem)
    (tmp_path / "key.pem").write_bytes(key_pem)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    client_context = ssl.create_default_context(cadata=cert_pem.decode())
    monkeypatch.setattr(net, "ssl_context", lambda: client_context)
    server = LocalServer(tls=server_context)
    yield server
    server.close()


def test_https_to_a_pinned_address_verifies_the_certificate_for_the_name(tls_server, fake_dns, settings):
    settings.TOOLS_HTTP_ALLOWED_HOSTS = ["secure.test"]
    fake_dns.add("secure.test", ["127.0.0.1"])
    tls_server.responder = lambda request: Reply(200, "over tls")
    result = fetch("GET", f"https://secure.test:{tls_server.port}/hello", timeout=3)
    assert result.body == b"over tls"
    assert tls_server.requests[0].headers["host"] == f"secure.test:{tls_server.port}"


def test_https_with_a_certificate_for_another_name_fails(tls_server, fake_dns, settings):
    settings.TOOLS_HTTP_ALLOWED_HOSTS = ["impostor.test"]
    fake_dns.add("impostor.test", ["127.0.0.1"])
    with pytest.raises(ToolError, match=r"^could not connect to the server$"):
        fetch("GET", f"https://impostor.test:{tls_server.port}/hello", timeout=3)
    assert tls_server.requests == []
