"""Word's automatic numbering, rendered as the reader sees it ("1.", "(a)", "iv)").

The numbers are not in the paragraph's text: Word computes them from the
numbering part (``numbering.xml``) as it lays the document out. A draft's
paragraph "1. Each State Party shall …" typed with automatic numbering would
otherwise reach the checker as "Each State Party shall …", and its
paragraphs, lists and cross-references would lose their numbers.
"""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_BULLET = "•"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(element, tag: str) -> str | None:
    child = element.find(_w(tag)) if element is not None else None
    return child.get(_w("val")) if child is not None else None


def roman(n: int) -> str:
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def letters(n: int) -> str:
    # Word's letter numbering: a … z, then aa … zz, aaa … (the letter repeated).
    if n < 1:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "lowerRoman":
        return roman(n)
    if fmt == "upperRoman":
        return roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and the formats a draft does not use


class _Level:
    def __init__(self, element):
        self.start = int(_val(element, "start") or 1)
        self.format = _val(element, "numFmt") or "decimal"
        self.text = _val(element, "lvlText")
        if self.text is None:
            self.text = ""
        self.restart = _val(element, "lvlRestart")


class Numbering:
    """The numbering definitions of one document and the counters of a
    reading of it from the top (``label`` must be asked in reading order)."""

    def __init__(self, root=None, styles=None):
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._style_num: dict[str, tuple[str | None, str | None]] = {}
        self._style_parent: dict[str, str] = {}
        self._counters: dict[str | None, dict[int, int]] = {}
        self._restarted: set[tuple[str, int]] = set()
        if root is not None:
            for abstract in root.iter(_w("abstractNum")):
                levels = {int(lvl.get(_w("ilvl"), "0")): _Level(lvl) for lvl in abstract.iter(_w("lvl"))}
                self._abstract[abstract.get(_w("abstractNumId"))] = levels
            for num in root.iter(_w("num")):
                overrides = {}
                for override in num.iter(_w("lvlOverride")):
                    start = _val(override, "startOverride")
                    if start is not None:
                        overrides[int(override.get(_w("ilvl"), "0"))] = int(start)
                self._nums[num.get(_w("numId"))] = (_val(num, "abstractNumId"), overrides)
        if styles is not None:
            for style in styles.iter(_w("style")):
                style_id = style.get(_w("styleId"))
                ppr = style.find(_w("pPr"))
                numpr = ppr.find(_w("numPr")) if ppr is not None else None
                if numpr is not None:
                    self._style_num[style_id] = (_val(numpr, "numId"), _val(numpr, "ilvl"))
                parent = _val(style, "basedOn")
                if parent:
                    self._style_parent[style_id] = parent

    @classmethod
    def of(cls, doc) -> "Numbering":
        try:
            part = doc.part.part_related_by(_NUMBERING)
        except KeyError:
            return cls()
        styles = doc.styles.element if doc.part is not None else None
        return cls(part.element, styles)

    def _paragraph_num(self, p) -> tuple[str | None, int]:
        ppr = p.find(_w("pPr"))
        num_id = ilvl = None
        if ppr is not None:
            numpr = ppr.find(_w("numPr"))
            if numpr is not None:
                num_id, ilvl = _val(numpr, "numId"), _val(numpr, "ilvl")
            style = _val(ppr, "pStyle")
        else:
            style = None
        seen = set()
        while num_id is None and style and style not in seen:
            seen.add(style)
            style_num, style_ilvl = self._style_num.get(style, (None, None))
            if style_num is not None:
                num_id = style_num
                ilvl = ilvl if ilvl is not None else style_ilvl
            style = self._style_parent.get(style)
        return num_id, int(ilvl or 0)

    def label(self, p) -> str:
        """The number Word shows before paragraph ``p`` ("2.", "(b)"), or ""."""
        num_id, ilvl = self._paragraph_num(p)
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        abstract_id, overrides = self._nums[num_id]
        levels = self._abstract.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        # Lists that share a definition continue one another's numbers; a
        # list with a start override restarts them where it begins, and the
        # lists after it continue from there: Word's behaviour, and how
        # LibreOffice writes a list it restarts (the first paragraph in a list
        # of its own with the override, the next ones in a list without).
        counters = self._counters.setdefault(abstract_id, {})
        level = levels[ilvl]
        if ilvl in overrides and (num_id, ilvl) not in self._restarted:
            self._restarted.add((num_id, ilvl))
            counters[ilvl] = overrides[ilvl]
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.format == "bullet":
            return _BULLET
        text = level.text
        for k in range(ilvl, -1, -1):
            placeholder = f"%{k + 1}"
            if placeholder in text:
                shown = levels.get(k)
                value = counters.get(k, overrides.get(k, shown.start if shown else 1))
                text = text.replace(placeholder, format_number(value, shown.format if shown else "decimal"))
        return text.strip()
