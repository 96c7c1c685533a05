"""Block every network socket in this process (Unix sockets, which multiprocessing uses, stay)."""

from __future__ import annotations

import socket

REAL_SOCKET = socket.socket


class NetworkBlocked(RuntimeError):
    pass


class _GuardedSocket(REAL_SOCKET):
    def __init__(self, family=-1, *args, **kwargs) -> None:
        if family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkBlocked(f"network socket refused (family {family})")
        super().__init__(family, *args, **kwargs)


def block() -> None:
    socket.socket = _GuardedSocket
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse


def _refuse(*args, **kwargs):
    raise NetworkBlocked("network access refused")


if __name__ == "__main__":  # the engine process of the no-network test
    block()
    from engine.server import main

    main()
