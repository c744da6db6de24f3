"""The QR code of the room's address, as rows of dark and light modules.

segno (pure Python, maintained, no imaging library) does the encoding; the projector
draws the grid itself with pygame rectangles, so the code is sharp at any size and needs
no image file. Medium error correction: a code on a projector is photographed from the
back of a room, at an angle, through glare.
"""

from __future__ import annotations

import segno

QUIET_ZONE = 4  # modules of light border the standard asks for


def qr_rows(text: str) -> list[list[bool]]:
    """The code's modules, the quiet zone included; True is dark."""
    code = segno.make(text, error="m", micro=False)
    return [[bool(module) for module in row] for row in code.matrix_iter(border=QUIET_ZONE)]


__all__ = ["QUIET_ZONE", "qr_rows"]
