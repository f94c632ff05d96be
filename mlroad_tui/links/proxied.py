"""Links behind a proxy: the environment's HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY.

Read as curl, lychee and httpx (so `feeds refresh` too) read them. A URL whose scheme has a
proxy, on a host NO_PROXY does not bypass, goes through an httpx client with that proxy
(absolute-form requests for http, a CONNECT tunnel for https, proxy credentials from the
proxy URL); every other URL keeps wire.py's cheaper path, so a run without a proxy costs
nothing more. The proxied origin answers like wire.Origin: a Reply, or wire's errors.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from urllib.request import getproxies, proxy_bypass_environment

import httpx

from mlroad_tui.links.wire import BadHttp, ConnectFailed, ConnectionLost, Reply


@dataclass(frozen=True)
class Proxies:
    """The proxy settings of one run, as urllib reads them (lower or upper case names)."""

    settings: dict[str, str]

    @classmethod
    def from_environment(cls) -> Proxies:
        return cls(getproxies())

    def for_origin(self, scheme: str, netloc: str) -> str | None:
        """The proxy URL for this scheme and host, or None to connect directly."""
        proxy = self.settings.get(scheme) or self.settings.get("all")
        if not proxy or proxy_bypass_environment(netloc, self.settings):
            return None
        return proxy if "://" in proxy else f"http://{proxy}"


def proxy_client(proxy: str, tls: ssl.SSLContext, connections: int) -> httpx.AsyncClient:
    """One client per proxy and run: no timeouts (the checker bounds each URL), no redirects
    (the checker follows them), no environment (this proxy and nothing else)."""
    return httpx.AsyncClient(
        proxy=proxy,
        verify=tls,
        trust_env=False,
        timeout=None,
        follow_redirects=False,
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
    )


class ProxiedOrigin:
    """One scheme, host and port reached through a proxy; the connections are its client's."""

    def __init__(self, client: httpx.AsyncClient, scheme: str, netloc: str) -> None:
        self._client = client
        self._base = f"{scheme}://{netloc}"

    async def request(
        self, method: str, target: bytes, headers: list[tuple[bytes, bytes]], body_limit: int = 0
    ) -> Reply:
        """One request; a GET reads at most ~`body_limit` bytes of the body, then closes."""
        request = self._client.build_request(
            method, self._base + target.decode("ascii"), headers=headers
        )
        try:
            response = await self._client.send(request, stream=True)
            try:
                received = 0
                async for chunk in response.aiter_raw():
                    received += len(chunk)
                    if received >= body_limit:
                        break
            finally:
                await response.aclose()
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.ProxyError) as error:
            raise ConnectFailed(str(error) or type(error).__name__) from _root(error)
        except httpx.RemoteProtocolError as error:
            if "without sending" in str(error):  # httpcore: closed before a response head
                raise ConnectionLost(str(error)) from error
            raise BadHttp(str(error)) from error
        except httpx.TransportError as error:
            raise ConnectionLost(str(error) or type(error).__name__) from error
        headers_seen: dict[str, str] = {}
        for name, value in response.headers.multi_items():
            headers_seen.setdefault(name, value)
        return Reply(response.status_code, headers_seen)

    def close(self) -> None:
        """Nothing to do: the client's pool owns the connections and closes them at the end."""


def _root(error: BaseException) -> BaseException:
    """The first cause (resolver, socket or TLS error) under httpx's and httpcore's wrappers,
    so the checker tells a DNS or certificate failure from a refused connection."""
    while (cause := error.__cause__ or error.__context__) is not None:
        error = cause
    return error
