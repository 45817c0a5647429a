"""Python's cycle collector, paused while a draft is parsed and checked.

The model of a long draft is hundreds of thousands of objects made in one go,
and the collector's full passes run again and again while they are being
made, each over everything made so far: on a 1 MB draft the parse and check
took ~30 % longer with it (the index of defined-term uses alone: 0.15 s with
it, 0.05 s without). Reference counting still frees at once whatever is not
in a cycle; the cycles (units and their parents) are collected after, when
the collector runs again.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
