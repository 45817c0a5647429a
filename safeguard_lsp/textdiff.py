"""Where two versions of a text differ."""

from __future__ import annotations

# Characters compared at a time. A block is a slice of each text: at four
# bytes a character (a text with a character beyond U+FFFF) it stays under
# glibc's mapping threshold, which the language server keeps at 128 KB
# (server/memory.py), so that the slices come from the heap rather than each
# from a mapping of its own, made and unmade several times per edit
# (benchmarks/README.md, "Edit loop, second session").
BLOCK = 1 << 14


def unchanged_ends(old: str, new: str, block: int = BLOCK, suffix_first: bool = False) -> tuple[int, int]:
    """How many characters at the start and at the end of ``new`` read as in
    ``old`` (never overlapping): block by block, then by halves within the
    first block that differs, so two 1 MB texts compare in a few milliseconds.

    Where the two could overlap (a paste that repeats the text next to it),
    the start is counted first, or with ``suffix_first`` the end: the change
    is then placed as late, or as early, as it can be."""
    limit = min(len(old), len(new))

    def common(same) -> int:
        low = 0
        while low + block <= limit and same(low, low + block):
            low += block
        high = min(limit, low + block)
        while low < high:  # the first `low` are the same; the first `high + 1` may not be
            middle = (low + high + 1) // 2
            if same(low, middle):
                low = middle
            else:
                high = middle - 1
        return low

    def same_start(a: int, b: int) -> bool:
        return old[a:b] == new[a:b]

    def same_end(a: int, b: int) -> bool:
        return old[len(old) - b:len(old) - a] == new[len(new) - b:len(new) - a]

    if suffix_first:
        suffix = common(same_end)
        limit -= suffix
        return common(same_start), suffix
    prefix = common(same_start)
    limit -= prefix
    return prefix, common(same_end)
