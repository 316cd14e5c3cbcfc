"""Outbound HTTP for tools that cannot be pointed at the inside of the network.

Every hop of :func:`fetch` goes through the same gate:

1. the URL must be ``http``/``https`` without user info, and its host must not be
   a numeric address in any but the canonical dotted-quad form (``2130706433``,
   ``0x7f.1``, ``0177.0.0.1``, ``127.1`` are refused outright);
2. the host is resolved **once** and every address it resolves to is checked
   (loopback, private, link-local, cloud metadata, shared, multicast, reserved,
   unspecified, IPv4-mapped/NAT64/6to4 forms of those …);
3. the request is sent to one of the checked addresses — the URL carries the IP,
   the ``Host`` header and TLS SNI/certificate check carry the name — so a DNS
   answer that changes between check and connect (rebinding) cannot redirect it.

Redirects are followed by hand (at most ``max_redirects``), each hop re-checked;
caller headers (which may hold secrets) are dropped when a redirect leaves the
origin, and a 307/308 that would re-send a request body to another origin is
refused (the body may hold secrets too). The body is read as a stream and cut at ``max_bytes``. Hosts named in
``settings.TOOLS_HTTP_ALLOWED_HOSTS`` skip the address check (step 2) only.

Errors are :class:`~tools.registry.ToolError` with messages safe for the model
and a person: never the URL (its query may hold an API key), never the text of
an ``httpx`` exception.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import certifi
import httpx
from django.conf import settings

from runs.kinds import CancelToken
from tools.registry import ToolError, TransientToolError

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# The resolver. Tests replace this module attribute instead of touching DNS.
getaddrinfo = socket.getaddrinfo

USER_AGENT = "TomatoAgent-tools/0.1"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})
SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
NAT64_NETWORKS = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
# IPv6 ranges that are not public but that Python's ipaddress (3.11) counts as global.
NON_PUBLIC_IPV6 = (
    (ipaddress.ip_network("fec0::/10"), "site-local address"),  # deprecated (RFC 3879), still routed inside some sites
    (ipaddress.ip_network("3fff::/20"), "documentation address"),  # RFC 9637
    (ipaddress.ip_network("5f00::/16"), "segment-routing address"),  # RFC 9602
)
_NUMERIC_LABEL = re.compile(r"^(?:[0-9]+|0x[0-9a-f]*)$", re.IGNORECASE)


class _QueryStringScrubber(logging.Filter):
    """httpx logs every request URL at INFO; tool URLs may carry keys in their query.

    The project configures the ``httpx`` logger at WARNING, but should anyone lower
    it, the query string is dropped from those records rather than logged.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(isinstance(arg, httpx.URL) for arg in record.args):
            record.args = tuple(
                arg.copy_with(query=None, fragment=None) if isinstance(arg, httpx.URL) else arg for arg in record.args
            )
        return True


if not any(isinstance(f, _QueryStringScrubber) for f in logging.getLogger("httpx").filters):
    logging.getLogger("httpx").addFilter(_QueryStringScrubber())


class DestinationNotAllowed(ToolError):
    """The URL points somewhere tools may not go."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"destination not allowed: {reason}")


@dataclass(frozen=True)
class Destination:
    """A checked hop: where to connect (``addresses``) and what to call it (``host``)."""

    url: httpx.URL
    host: str  # as in the URL (lower case, IDNA), without brackets
    port: int
    addresses: tuple[IPAddress, ...]
    allowlisted: bool


@dataclass(frozen=True)
class FetchResult:
    status: int
    headers: httpx.Headers
    body: bytes
    truncated: bool  # the body was cut at max_bytes
    host: str  # host of the final hop (the final URL is not kept: its query may hold a key)

    def text(self) -> str:
        charset = _charset(self.headers.get("content-type", ""))
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


# --- address policy -------------------------------------------------------------------


def address_refusal(ip: IPAddress) -> str | None:
    """Why a tool may not connect to ``ip`` (a short reason), or None when it may."""
    if ip in METADATA_ADDRESSES:
        return "cloud metadata address"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return "IPv4-mapped IPv6 address"
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            inner = address_refusal(embedded)
            if inner is not None:
                return f"{inner} (embedded in IPv6)"
        if ip.scope_id:
            return "scoped IPv6 address"
        for network, reason in NON_PUBLIC_IPV6:
            if ip in network:
                return reason
    if ip.is_loopback:
        return "loopback address"
    if ip.is_unspecified:
        return "unspecified address"
    if ip.is_link_local:
        return "link-local address"
    if ip.is_multicast:
        return "multicast address"
    if ip in SHARED_ADDRESS_SPACE:
        return "shared address space"
    if ip.is_reserved:
        return "reserved address"
    if ip.is_private:
        return "private address"
    if not ip.is_global:
        return "non-public address"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address a NAT64, 6to4 or Teredo address routes to, if any."""
    if any(ip in network for network in NAT64_NETWORKS):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def numeric_host_refusal(host: str) -> str | None:
    """Refuse IPv4 hosts written in any form but canonical dotted decimal.

    Resolvers read ``2130706433``, ``0x7f.1``, ``0177.0.0.1`` and ``127.1`` as
    127.0.0.1 (``inet_aton`` rules). Following the WHATWG URL standard, a host
    whose last label is a number is an IPv4 address; anything but the canonical
    form is refused rather than reinterpreted.
    """
    if not host or ":" in host:
        return None  # empty, or an IPv6 literal (checked as an address)
    labels = host.split(".")
    last = labels[-1] if labels[-1] else (labels[-2] if len(labels) > 1 else "")
    looks_numeric = bool(_NUMERIC_LABEL.match(last))
    try:
        socket.inet_aton(host)
        looks_numeric = True
    except OSError:
        pass
    if not looks_numeric:
        return None
    try:
        canonical = str(ipaddress.IPv4Address(host))
    except ValueError:
        return "non-canonical numeric address"
    return None if canonical == host else "non-canonical numeric address"


# --- allowlist ---------------------------------------------------------------------------


def _parse_allow_entry(entry: str) -> tuple[str, int | None] | None:
    entry = entry.strip().lower()
    if not entry:
        return None
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif entry.count(":") == 1:
        host, port = entry.split(":")
    else:
        host, port = entry, ""  # a name, IPv4, or a bare IPv6 address
    return host.rstrip("."), int(port) if port else None


def allowed_hosts(extra: Iterable[str] = ()) -> list[tuple[str, int | None]]:
    entries = [*getattr(settings, "TOOLS_HTTP_ALLOWED_HOSTS", ()), *extra]
    parsed = (_parse_allow_entry(str(entry)) for entry in entries)
    return [entry for entry in parsed if entry is not None]


def _is_allowlisted(host: str, port: int, allow: list[tuple[str, int | None]]) -> bool:
    name = host.rstrip(".")
    return any(name == entry_host and entry_port in (None, port) for entry_host, entry_port in allow)


# --- resolving and checking -------------------------------------------------------------------


def resolve(host: str, port: int) -> tuple[IPAddress, ...]:
    """Every address ``host`` resolves to, in resolver order, without duplicates."""
    try:
        infos = getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise ToolError("could not resolve the host name") from None
    seen: dict[IPAddress, None] = {}
    for family, _type, _proto, _canon, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        text = str(sockaddr[0])
        try:
            ip = ipaddress.ip_address(text)
        except ValueError:
            raise DestinationNotAllowed("unreadable address") from None
        if family == socket.AF_INET6 and len(sockaddr) >= 4 and sockaddr[3]:
            ip = ipaddress.IPv6Address(f"{ip}%{sockaddr[3]}")
        seen.setdefault(ip, None)
    if not seen:
        raise ToolError("could not resolve the host name")
    return tuple(seen)


def check_url(url: str | httpx.URL, *, extra_allowed_hosts: Iterable[str] = ()) -> Destination:
    """Parse, check and resolve one hop; raise :class:`DestinationNotAllowed` when refused."""
    raw = str(url)
    pre = _host_from_text(raw)
    if pre is not None and (reason := numeric_host_refusal(pre)):
        raise DestinationNotAllowed(reason)
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(raw)
    except (httpx.InvalidURL, ValueError, TypeError):
        raise DestinationNotAllowed("not a valid URL") from None
    if parsed.scheme not in DEFAULT_PORTS:
        raise DestinationNotAllowed("only http and https URLs")
    if parsed.userinfo:
        raise DestinationNotAllowed("credentials in the URL")
    host = parsed.host
    if not host:
        raise DestinationNotAllowed("no host")
    if reason := numeric_host_refusal(host):
        raise DestinationNotAllowed(reason)
    port = parsed.port or DEFAULT_PORTS[parsed.scheme]
    allowlisted = _is_allowlisted(host, port, allowed_hosts(extra_allowed_hosts))
    literal = _ip_literal(host)
    if literal is not None and not allowlisted and (reason := address_refusal(literal)):
        raise DestinationNotAllowed(reason)  # refuse before resolving anything
    addresses = (literal,) if literal is not None else resolve(host, port)
    if not allowlisted:
        for ip in addresses:
            if reason := address_refusal(ip):
                raise DestinationNotAllowed(reason)
    return Destination(url=parsed, host=host, port=port, addresses=addresses, allowlisted=allowlisted)


def _host_from_text(raw: str) -> str | None:
    """The host as a person wrote it, before httpx normalises (or rejects) it."""
    match = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#]*)", raw.strip())
    if not match:
        return None
    authority = match.group(1).rpartition("@")[2]
    if authority.startswith("["):
        return None
    return authority.rsplit(":", 1)[0].lower() if ":" in authority else authority.lower()


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


# --- sending ----------------------------------------------------------------------------------

_ssl_lock = threading.Lock()
_ssl_context: ssl.SSLContext | None = None


def ssl_context() -> ssl.SSLContext:
    """One verifying TLS context per process (certifi roots), shared by every fetch."""
    global _ssl_context
    if _ssl_context is None:
        with _ssl_lock:
            if _ssl_context is None:
                _ssl_context = ssl.create_default_context(cafile=certifi.where())
    return _ssl_context


def fetch(
    method: str,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, Any] | None = None,
    json: Any = None,
    content: bytes | None = None,
    timeout: float = 10.0,
    max_bytes: int = 1_000_000,
    truncate: bool = False,
    max_redirects: int = 5,
    extra_allowed_hosts: Iterable[str] = (),
    cancel: CancelToken | None = None,
) -> FetchResult:
    """Send one request under the SSRF policy above and read at most ``max_bytes``.

    The body is ``json`` (encoded) or ``content`` (bytes, sent as they are with
    the caller's ``Content-Type``). ``timeout`` bounds the whole exchange,
    redirects included. A body longer than ``max_bytes`` is cut and marked
    ``truncated`` when ``truncate``, refused otherwise. ``cancel`` aborts the
    exchange in flight (the connection is closed).
    """
    deadline = time.monotonic() + timeout
    extra_allowed_hosts = tuple(extra_allowed_hosts)
    method = method.upper()
    try:
        current = httpx.URL(url)
        if params:
            current = current.copy_merge_params({k: v for k, v in params.items() if v is not None})
    except (httpx.InvalidURL, ValueError, TypeError):
        pre = _host_from_text(url)
        if pre is not None and (reason := numeric_host_refusal(pre)):
            raise DestinationNotAllowed(reason) from None
        raise DestinationNotAllowed("not a valid URL") from None
    caller_headers = dict(headers or {})
    body = json if content is None else content
    send_body = body is not None
    for _hop in range(max_redirects + 1):
        if cancel is not None and cancel.cancelled:
            raise ToolError("the request was cancelled")
        destination = check_url(current, extra_allowed_hosts=extra_allowed_hosts)
        client, response = _send_pinned(
            destination,
            method,
            caller_headers,
            body if send_body else None,
            send_body,
            deadline,
            raw=content is not None,
        )
        unregister = cancel.on_cancel(client.close) if cancel is not None else None
        try:
            location = response.headers.get("location")
            if response.status_code in REDIRECT_STATUSES and location:
                try:
                    following = current.join(location)
                except (httpx.InvalidURL, ValueError):
                    raise ToolError("the server redirected to an invalid URL") from None
                if response.status_code == 303 or (
                    response.status_code in (301, 302) and method not in ("GET", "HEAD")
                ):
                    method = "HEAD" if method == "HEAD" else "GET"
                    send_body, body = False, None
                if _origin(following) != _origin(current):
                    if send_body:
                        # A 307/308 repeats the request, body included, and bodies carry secrets
                        # (HTTP-tool templates, a search provider's api_key): never to another origin.
                        raise ToolError("the server redirected the request to another origin; not followed")
                    caller_headers = {}  # never carry credentials to another origin
                log.info("tool http redirect from %s to %s", destination.host, following.host)
                current = following
                continue
            result_body, truncated = _read_capped(response, max_bytes, truncate, deadline)
            return FetchResult(
                status=response.status_code,
                headers=response.headers,
                body=result_body,
                truncated=truncated,
                host=destination.host,
            )
        finally:
            if unregister is not None:
                unregister()
            response.close()
            client.close()
    raise ToolError(f"too many redirects (more than {max_redirects})")


def _origin(url: httpx.URL) -> tuple[str, str, int]:
    return url.scheme, url.host, url.port or DEFAULT_PORTS.get(url.scheme, 0)


def _send_pinned(
    destination: Destination,
    method: str,
    headers: Mapping[str, str],
    body: Any,
    send_body: bool,
    deadline: float,
    *,
    raw: bool = False,
) -> tuple[httpx.Client, httpx.Response]:
    """Send to a checked address, trying the next one when a connection fails.

    The URL carries the IP, so nothing resolves the name again; the ``Host``
    header and TLS (SNI and certificate check) carry the name. Returns the
    client with the streaming response; the caller closes both.
    """
    url = destination.url
    request_headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    request_headers.update({k: v for k, v in headers.items() if k.lower() != "host"})
    request_headers["Host"] = url.netloc.decode("ascii")  # always the checked name
    extensions = {"sni_hostname": destination.host} if url.scheme == "https" else {}
    for ip in destination.addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TransientToolError("the request timed out")
        pinned = url.copy_with(host=str(ip).split("%")[0])
        client = httpx.Client(
            verify=ssl_context(), trust_env=False, follow_redirects=False, timeout=httpx.Timeout(remaining)
        )
        try:
            request = client.build_request(
                method,
                pinned,
                headers=request_headers,
                extensions=extensions,
                json=body if send_body and not raw else None,
                content=body if send_body and raw else None,
            )
            return client, client.send(request, stream=True)
        except httpx.TimeoutException:
            client.close()
            raise TransientToolError("the request timed out") from None
        except httpx.ConnectError:
            client.close()
            log.info("tool http: could not connect to one address of %s", destination.host)
            continue
        except httpx.HTTPError as exc:
            client.close()
            log.info("tool http: %s talking to %s", type(exc).__name__, destination.host)
            raise TransientToolError("the request failed") from None
    raise TransientToolError("could not connect to the server")


def _read_capped(response: httpx.Response, max_bytes: int, truncate: bool, deadline: float) -> tuple[bytes, bool]:
    declared = response.headers.get("content-length")
    if not truncate and declared and declared.isdigit() and int(declared) > max_bytes:
        raise ToolError(f"the response is larger than {max_bytes} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            if time.monotonic() > deadline:
                raise TransientToolError("the request timed out")
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                if not truncate:
                    raise ToolError(f"the response is larger than {max_bytes} bytes")
                return b"".join(chunks)[:max_bytes], True
    except httpx.TimeoutException:
        raise TransientToolError("the request timed out") from None
    except httpx.HTTPError as exc:
        log.info("tool http: %s while reading a response", type(exc).__name__)
        raise TransientToolError("the response could not be read") from None
    return b"".join(chunks), False


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip('"').strip()
    return "utf-8"
