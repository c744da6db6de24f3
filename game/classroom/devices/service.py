"""The class's devices for one lesson, as the game's thread sees them.

The teacher turns devices on; :meth:`Devices.start` opens the lesson's room (the one
its log already has when the lesson is resumed: same code, same devices, the open vote's
ballots) and starts the server on the machine's network address. From then on the
lesson's keeper calls :meth:`Devices.publish` after every change to the log, so the
students' pages follow the projector, and the screen calls :meth:`Devices.pump` once a
frame, which takes what the devices did into the log in one change (one write of the
lesson file per frame, however many ballots arrived). :meth:`Devices.stop` when the lesson
ends: nothing is reachable any longer.

Headless: the pygame screens only draw what :attr:`Devices.address` and
:meth:`Devices.counts` say.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..session import ClassSession
from .network import is_local, is_loopback, lan_address
from .room import Room, new_code
from .server import PREFERRED_PORT, DeviceServer
from .view import page_view


@dataclass
class Counts:
    joined: int
    voted: int


class Devices:
    """One lesson's room and server; ``host`` is found on the network unless given."""

    def __init__(self, session: ClassSession, *, host: str | None = None, port: int = PREFERRED_PORT):
        self.session = session
        room_log = session.log.room
        code = room_log.code if room_log is not None else new_code()
        self.room = Room(code, room_log.devices if room_log is not None else ())
        self.host = host or lan_address()
        if not is_local(self.host):
            raise OSError(f"{self.host} is not an address on a local network: the class's page is served "
                          "on the school's own network only")
        self.port = port
        self.server: DeviceServer | None = None

    @property
    def code(self) -> str:
        return self.room.code

    @property
    def address(self) -> str:
        """What the projector shows students to type (no ``http://``, which phones add)."""
        return self.server.authority if self.server else ""

    @property
    def url(self) -> str:
        return self.server.url if self.server else ""

    @property
    def join_url(self) -> str:
        """The QR code's address: the page with the room code filled in."""
        return f"{self.url}?code={self.code}" if self.server else ""

    @property
    def this_machine_only(self) -> bool:
        """Served on a loopback address (no private network was found, or the teacher
        chose it): only a browser on this machine can join."""
        return is_loopback(self.host)

    @property
    def running(self) -> bool:
        return self.server is not None

    def start(self) -> str:
        """Open the room in the log and start serving; returns the address."""
        if self.server is None:
            self.session.open_room(self.code)
            self.publish(self.session)
            server = DeviceServer(self.room, self.host, self.port)
            server.start()
            self.server = server
            self.session.followers = (*self.session.followers, self.publish)
        return self.url

    def publish(self, session: ClassSession) -> None:
        """The pages follow the lesson as it is now (the keeper calls this)."""
        vote = session.vote
        if vote is None:
            self.room.publish(page_view(session))
        else:
            self.room.publish(page_view(session), vote.key, (t.index for t in vote.tallies if t.open), vote.ballots)

    def pump(self) -> bool:
        """Take what the devices did into the log; True when the projector should redraw."""
        drained = self.room.drain()
        if not drained.joined and not drained.ballots:
            return False
        self.session.change_from_devices = True
        try:
            self.session.devices_report(drained.joined, drained.ballots)
        finally:
            self.session.change_from_devices = False
        return True

    def stop_taking_ballots(self) -> None:
        """The teacher is closing the vote: the room refuses ballots from now on (the
        session's close publishes the result a moment later)."""
        self.room.publish(page_view(self.session))

    def counts(self) -> Counts:
        joined, voted = self.room.counts()
        return Counts(joined, voted)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None
            self.session.followers = tuple(f for f in self.session.followers if f != self.publish)


__all__ = ["Counts", "Devices"]
