"""The connections ``ipcycle serve`` accepts send each answer at once: Nagle's algorithm is off on them. With it on,
an answer's body waited for the client's ACK of its headers, and a client delaying its ACKs (Linux: up to 40 ms, as
nginx's upstream connections and keep-alive clients do) held the page that long (issue 23's rush: 公示 p95 8.6x)."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from portal.cli import run_server
from tests.support.portal_support import demo_site_on
from tests.support.reminders_support import free_port


def _accepted_end(client: socket.socket) -> socket.socket | None:
    """This process's end of ``client``'s connection (the server runs in a thread here), found among open files."""
    for name in os.listdir("/proc/self/fd"):
        try:
            sock = socket.socket(fileno=os.dup(int(name)))
        except OSError:  # not a socket
            continue
        try:
            if sock.getsockname() == client.getpeername() and sock.getpeername() == client.getsockname():
                return sock
        except OSError:  # a listening or unconnected socket
            pass
        sock.close()
    return None


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="finds the server's end of a connection in /proc")
def test_the_portal_answers_keep_alive_connections_without_nagle_s_delay(tmp_path: Path) -> None:
    ws, *_ = demo_site_on(tmp_path)
    port, stop = free_port(), threading.Event()
    server = threading.Thread(target=run_server, args=(ws, "127.0.0.1", port), kwargs={"stop": stop}, daemon=True)
    server.start()
    try:
        for _ in range(600):  # until it listens (a condition, bounded)
            try:
                client = socket.create_connection(("127.0.0.1", port), timeout=30)
                break
            except ConnectionRefusedError:
                stop.wait(0.1)
        else:
            raise AssertionError("the server never listened")
        with client:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert client.recv(65536).startswith(b"HTTP/1.1 200")  # answered, and the connection kept open
            accepted = _accepted_end(client)
            assert accepted is not None, "the portal's end of the connection was not found"
            with accepted:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        stop.set()
        server.join()
        ws.dispose()
