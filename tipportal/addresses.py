"""The one place that says which address a request came from.

Behind a reverse proxy every request arrives from the proxy, so a per-client limit keyed on
REMOTE_ADDR would count the whole city as one client. The proxy appends the address it saw to
`X-Forwarded-For`; anything to the left of that may have been written by the client itself. So
the header is read only when the connecting peer is one of TRUSTED_PROXIES, and then from the
right: the first entry that is not itself a trusted proxy is the client. From any other peer the
header is ignored, so a forged one changes nothing.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent `request`, as far as this deployment can tell."""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, networks):
            return hop
    # Every hop is one of our proxies (a request made from inside): the left-most is the origin.
    return hops[0] if hops else remote
