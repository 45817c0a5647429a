"""Large short-lived blocks (the draft's text at each keystroke, a check's
diagnostics as JSON) given back to the system when freed.

glibc's malloc serves a block of 128 KB or more from its own mapping, which
it unmaps when the block is freed; but each such free raises that threshold
(up to 32 MB), after which the language server's megabyte-sized texts come
from the heap, which they fragment and which is not given back: the server
of a megabyte draft stayed larger after a dozen edits (measured in
benchmarks/README.md, "glibc's mapping threshold"). Keeping the threshold
where it starts costs one mapping per large block, a few per check.
"""

from __future__ import annotations

_M_MMAP_THRESHOLD = -3  # mallopt's parameter number in glibc's malloc.h
_THRESHOLD = 128 * 1024  # glibc's initial value


def keep_large_blocks_mapped() -> bool:
    """Fix glibc's mapping threshold at its initial value. False, changing
    nothing, where the C library is not glibc (macOS, Windows, musl)."""
    import ctypes  # here: only the server needs it

    try:
        libc = ctypes.CDLL(None)  # the C library the process already uses
        mallopt = libc.mallopt
        libc.gnu_get_libc_version  # glibc's own: musl's mallopt does nothing
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, _THRESHOLD))
