"""The class votes from its own devices: a room code, a page on every phone, nothing to install.

- :mod:`.room`: who may vote and each device's one ballot (thread-safe, headless);
- :mod:`.view`: what a student's page shows, from the lesson's log;
- :mod:`.server`: the web server (Starlette on Uvicorn) on its own thread;
- :mod:`.network`: the machine's address on the school's network;
- :mod:`.qr`: the QR code of the address, as a grid the projector draws;
- :mod:`.service`: one lesson's devices, as the game's thread drives them.

The page itself is ``web/`` (HTML, CSS and JavaScript, no build step, no CDN).
"""
