"""The address the projector shows: this machine's address on the school's network.

Found the usual way, by asking the system which of its addresses it would use to reach
another network (a UDP "connect" sends nothing). Only a private address is used (10/8,
172.16/12, 192.168/16 and the like): the devices' server must never listen on a public
one. A machine with no private network serves this machine only (loopback) and the
teacher is told so.
"""

from __future__ import annotations

import ipaddress
import socket

LOOPBACK = "127.0.0.1"
_PROBE = ("192.0.2.1", 9)  # TEST-NET-1 (RFC 5737): routed nowhere, nothing is sent


def lan_address() -> str:
    """This machine's private network address, or :data:`LOOPBACK` when it has none."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE)
            found = probe.getsockname()[0]
    except OSError:
        return LOOPBACK
    try:
        address = ipaddress.ip_address(found)
    except ValueError:
        return LOOPBACK
    if address.is_private and not address.is_loopback and not address.is_link_local:
        return found
    return LOOPBACK


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_local(host: str | None) -> bool:
    """An address of the school's own network or of this machine (private or loopback):
    the only ones the devices' server listens on and answers."""
    if not host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback


__all__ = ["LOOPBACK", "is_local", "is_loopback", "lan_address"]
