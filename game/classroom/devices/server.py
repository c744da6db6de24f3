"""The web server the class's devices talk to: Starlette on Uvicorn, on its own thread.

Why Starlette with Uvicorn rather than aiohttp: Starlette is a small ASGI toolkit whose
WebSocket, routing and test client (httpx) are all we need, with no framework around
them, and Uvicorn is the reference ASGI server; its ``Server`` can be run on a thread of
our own with sockets we bound ourselves and stopped with one flag. aiohttp would do,
but bundles its own client, server and web framework in one larger package.

The server holds no state of the lesson: every request is a question to the
:class:`~.room.Room`, which the game's thread also talks to. Its own job is the edge:

- it answers only addresses of the local network (private and loopback ones), and only
  requests that name it by the address on the projector (a ``Host`` check, against DNS
  rebinding); WebSockets must come from its own page (an ``Origin`` check);
- a device is its cookie: a random token, HttpOnly and SameSite=Strict, set when the room
  code was right; nothing else identifies it, and no address is logged;
- every request body is JSON of at most :data:`MAX_BODY` bytes, every WebSocket message at
  most that; anything else gets a 4xx with a message and changes nothing;
- the page is served with a Content Security Policy that allows only its own script and
  style, so even text that slipped past the page's escaping could not run.

Live updates go over a WebSocket (``/api/live``), each connection pushed the state at most
every :data:`PUSH_INTERVAL` seconds; the page falls back to polling ``/api/state`` when a
WebSocket cannot be opened (a school proxy that blocks them).
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from importlib import resources
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from .network import is_local
from .room import MAX_DEVICES, Room, RoomError

COOKIE = "b56_device"
COOKIE_SECONDS = 14 * 24 * 3600  # a lesson resumed next week still knows its devices
MAX_BODY = 2048
PUSH_INTERVAL = 0.2
MAX_LIVE = MAX_DEVICES * 2  # a phone and a laptop each, at most
PREFERRED_PORT = 8956
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "x-frame-options": "DENY",
}
STATIC = {"/": ("index.html", "text/html; charset=utf-8"),
          "/page.js": ("page.js", "text/javascript; charset=utf-8"),
          "/page.css": ("page.css", "text/css; charset=utf-8")}


def refusal(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=SECURITY_HEADERS)


class DeviceApp:
    """The ASGI application over one room; ``hosts`` are the names it answers to."""

    def __init__(self, room: Room, hosts: set[str]):
        self.room = room
        self.hosts = hosts
        self.live = 0
        self.loop: asyncio.AbstractEventLoop | None = None
        self.changed: asyncio.Event | None = None
        self.pages = {path: (resources.files(__package__).joinpath("web", name).read_bytes(), kind)
                      for path, (name, kind) in STATIC.items()}
        routes = [Route(path, self.static, methods=["GET"]) for path in STATIC]
        routes += [
            Route("/api/join", self.join, methods=["POST"]),
            Route("/api/state", self.state, methods=["GET"]),
            Route("/api/vote", self.vote, methods=["POST"]),
            WebSocketRoute("/api/live", self.live_updates),
        ]
        self.asgi = Starlette(routes=routes)
        room.listen(self.wake)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket"):
            if self.loop is None:
                self.loop = asyncio.get_running_loop()
                self.changed = asyncio.Event()
            client = scope.get("client")
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if not is_local(client[0] if client else None) or host not in self.hosts:
                self.room.refused += 1
                if scope["type"] == "http":
                    await refusal(403, "not_here", "This server answers the classroom's own network only.")(
                        scope, receive, send)
                else:
                    await send({"type": "websocket.close", "code": 1008})
                return
        await self.asgi(scope, receive, send)

    # ------------------------------------------------------------------ waking live pages
    def wake(self) -> None:
        """Called by the room on any thread after a change."""
        loop = self.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._set_changed)

    def _set_changed(self) -> None:
        if self.changed is not None:
            self.changed.set()
            self.changed = asyncio.Event()

    # ------------------------------------------------------------------ requests
    async def static(self, request: Request) -> Response:
        body, kind = self.pages[request.url.path]
        return Response(body, media_type=kind, headers=SECURITY_HEADERS)

    async def body(self, request: Request) -> dict[str, Any]:
        """The request's JSON object, or a :class:`RoomError` saying what is wrong with it."""
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise RoomError(415, "not_json", "Send JSON (Content-Type: application/json).")
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
            raise RoomError(413, "too_large", f"A request is at most {MAX_BODY} bytes.")
        raw = b""
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_BODY:
                raise RoomError(413, "too_large", f"A request is at most {MAX_BODY} bytes.")
        try:
            payload = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise RoomError(400, "bad_json", "The request is not valid JSON.") from None
        if not isinstance(payload, dict):
            raise RoomError(400, "bad_json", "The request must be a JSON object.")
        return payload

    async def join(self, request: Request) -> Response:
        try:
            payload = await self.body(request)
            code = payload.get("code")
            if not isinstance(code, str):
                raise RoomError(400, "bad_code", "Send the room code as text.")
            token, _ = self.room.join(code, request.client.host if request.client else "", request.cookies.get(COOKIE))
        except RoomError as error:
            if error.status in (400, 413, 415):
                self.room.refused += 1
            return refusal(error.status, error.code, error.message)
        response = JSONResponse(self.room.view_for(token), headers=SECURITY_HEADERS)
        response.set_cookie(COOKIE, token, max_age=COOKIE_SECONDS, httponly=True, samesite="strict", path="/")
        return response

    async def state(self, request: Request) -> Response:
        return JSONResponse(self.room.view_for(request.cookies.get(COOKIE)), headers=SECURITY_HEADERS)

    async def vote(self, request: Request) -> Response:
        token = request.cookies.get(COOKIE)
        try:
            payload = await self.body(request)
            self.room.ballot(token, payload.get("vote"), payload.get("choice"))
        except RoomError as error:
            if error.status in (400, 413, 415):
                self.room.refused += 1
            return refusal(error.status, error.code, error.message)
        return JSONResponse(self.room.view_for(token), headers=SECURITY_HEADERS)

    async def live_updates(self, websocket: WebSocket) -> None:
        """Push the device's state whenever the room changes; the page sends nothing here
        (its votes go by POST), so any message at all only keeps the connection alive."""
        origin = websocket.headers.get("origin", "")
        host = websocket.headers.get("host", "")
        if origin not in (f"http://{host}", f"https://{host}") or self.live >= MAX_LIVE:
            self.room.refused += 1
            await websocket.close(code=1008)
            return
        token = websocket.cookies.get(COOKIE)
        await websocket.accept()
        self.live += 1
        listener = asyncio.ensure_future(self._drain_messages(websocket))
        try:
            sent = -1
            while not listener.done():
                changed = self.changed
                version = self.room.version
                if version != sent:
                    await websocket.send_text(json.dumps(self.room.view_for(token)))
                    sent = version
                    await asyncio.sleep(PUSH_INTERVAL)  # changes in the meantime go in the next push
                    continue
                assert changed is not None
                waiter = asyncio.ensure_future(changed.wait())
                await asyncio.wait({waiter, listener}, return_when=asyncio.FIRST_COMPLETED)
                waiter.cancel()
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass
        finally:
            self.live -= 1
            listener.cancel()

    async def _drain_messages(self, websocket: WebSocket) -> None:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return


class DeviceServer:
    """Uvicorn serving a :class:`DeviceApp` on a thread of its own, on ``host``."""

    def __init__(self, room: Room, host: str, port: int = PREFERRED_PORT):
        self.room = room
        self.host = host
        self.socket = bind(host, port)
        self.port = self.socket.getsockname()[1]
        #: how requests name this server (``Host``), and how the address is shown
        self.authority = f"[{host}]:{self.port}" if ":" in host else f"{host}:{self.port}"
        self.app = DeviceApp(room, {self.authority})
        config = uvicorn.Config(
            self.app, log_level="warning", access_log=False, lifespan="off", proxy_headers=False,
            server_header=False, ws="websockets-sansio", ws_max_size=MAX_BODY, limit_concurrency=MAX_LIVE + 200,
            timeout_keep_alive=5, timeout_graceful_shutdown=2,
        )
        self.server = uvicorn.Server(config)
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.authority}/"

    def start(self) -> str:
        """Serve on the thread; returns the address, once the server is accepting."""
        started = threading.Event()
        original = self.server.startup

        async def startup(sockets: Any = None) -> None:
            await original(sockets=sockets)
            started.set()

        self.server.startup = startup  # type: ignore[method-assign]
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]},
                                       name="budapest1956-devices", daemon=True)
        self.thread.start()
        if not started.wait(10):
            raise OSError("the devices' server did not start")
        return self.url

    def stop(self) -> None:
        """Stop serving and close the socket: nothing is reachable once the lesson ends."""
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(5)
        self.socket.close()


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``: the preferred port when free, else any free one."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for candidate in (port, 0):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, candidate))
        except OSError:
            sock.close()
            if candidate == 0:
                raise
            continue
        sock.listen(128)
        sock.set_inheritable(True)
        return sock
    raise OSError(f"no port free on {host}")


__all__ = ["COOKIE", "DeviceApp", "DeviceServer", "MAX_BODY"]
