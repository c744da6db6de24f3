"""Datelines in the style of the reports: "Tuesday 23 October 1956, 15:00 · Budapest".

Written out by hand rather than with ``strftime`` so the result does not depend on the
machine's locale (a Hungarian locale would print "kedd").
"""

from __future__ import annotations

from datetime import datetime

from .model import Scene

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def format_date(moment: datetime, with_time: bool = True) -> str:
    text = f"{WEEKDAYS[moment.weekday()]} {moment.day} {MONTHS[moment.month - 1]} {moment.year}"
    return f"{text}, {moment:%H:%M}" if with_time else text


def dateline(scene: Scene) -> str:
    if not scene.date:
        return scene.place
    moment = scene.when
    if scene.precision == "year":
        text = f"{moment.year}"
    elif scene.precision == "month":
        text = f"{MONTHS[moment.month - 1]} {moment.year}"
    else:
        text = format_date(moment, scene.has_time)
    return f"{text} · {scene.place}" if scene.place else text
