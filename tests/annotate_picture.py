"""The picture of the Word output in the README (docs/annotate-screenshot.png).

    .venv/bin/python tests/annotate_picture.py [OUT.png]

The weak example as a Word file (tests/docbuild.py) goes through
``annotate --track-changes``; LibreOffice headless renders the copy to PDF,
and pdftoppm the page with Articles 3 and 4 to PNG, tracked changes as
LibreOffice shows them. LibreOffice 7.4 cannot put comments in the margin of
a PDF (its PDF export has no such option, and its notes export gives every
note an empty box), so the copy's own comments, read with python-docx, are
drawn in a margin beside the page, each at the line of the words it is on
(found in the PDF's text), the way Word and LibreOffice show them on screen;
headless Chromium lays out and captures the two. Needs LibreOffice,
pdftoppm (poppler-utils) and Chromium: slow, so CI does not run it
(tests/test_annotate.py::test_the_readme_picture_is_regenerated does, marked slow).
"""

from __future__ import annotations

import base64
import html
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from docbuild import chromium, commented_words, convert_with_libreoffice, markdown_to_docx  # noqa: E402

REPO = HERE.parent
WEAK = REPO / "examples" / "weak-draft-convention.md"
OUT = REPO / "docs" / "annotate-screenshot.png"
DPI = 96
SCALE = DPI / 72  # pixels per PDF point
FIRST, LAST = "Article 3. Illegal access", "Article 5. Interference with electronic data"
LEFT, RIGHT = 70, 530  # the part of the page shown, in points from its left edge
MARGIN = 330  # the comments' column, in pixels
SHOWN = 100  # characters of a finding's first sentence shown in its note
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _comments(docx: Path) -> list[tuple[str, str, str]]:
    """(the text before it in its paragraph, the words it is on, its text)
    for each comment, in the order of the document: the text before tells
    which "interception" it is, the heading's or the offence's."""
    from docx import Document as open_docx

    doc = open_docx(str(docx))
    texts = {str(c.comment_id): "\n".join(p.text for p in c.paragraphs) for c in doc.comments}
    words = commented_words(docx)
    out = []
    for start in doc.element.body.iter(f"{{{_W}}}commentRangeStart"):
        siblings = reversed(list(start.itersiblings(preceding=True)))
        before = "".join(t.text or "" for sibling in siblings for t in sibling.iter(f"{{{_W}}}t"))
        comment_id = start.get(f"{{{_W}}}id")
        if comment_id in words and comment_id in texts:
            out.append((before, words[comment_id], texts[comment_id]))
    return out


def _characters(pdf: Path) -> tuple[str, list[tuple[int, float, float]]]:
    """The PDF's text, lines joined by a space, and for each character its
    page (from 0) and position (x, y from the top)."""
    from pdfminer.layout import LTChar, LTTextContainer, LTTextLine
    from pdfminer.high_level import extract_pages

    text, places = [], []
    for number, page in enumerate(extract_pages(str(pdf))):
        height = page.bbox[3]
        lines = [line for box in page if isinstance(box, LTTextContainer) for line in box
                 if isinstance(line, LTTextLine)]
        for line in sorted(lines, key=lambda line: (-line.y1, line.x0)):
            for char in [*line, None]:  # None: the end of the line, a space
                if char is not None and not isinstance(char, LTChar):
                    continue
                shown = char.get_text() if char is not None else " "
                if shown.isspace() and (not text or text[-1] == " "):
                    continue  # one space between words, as in the comments' words
                text.append(" " if shown.isspace() else shown)
                places.append((number, char.x0, height - char.y1) if char is not None
                              else (number, line.x1, height - line.y1))
    return "".join(text), places


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _shown(comment: str) -> tuple[str, str]:
    """The rule id and the first sentence of the finding, as the margin shows them."""
    first = comment.split("\n", 1)[0]
    rule = re.search(r"\[([A-Z0-9-]+)\]$", first)
    message = first[: rule.start()].strip() if rule else first
    sentence = re.split(r"(?<=[.;:])\s", message, maxsplit=1)[0]
    if len(sentence) > SHOWN:
        sentence = sentence[:SHOWN].rsplit(" ", 1)[0] + " …"
    return (rule.group(1) if rule else ""), sentence


def render(out: Path, work: Path) -> list[str]:
    """Writes the picture to ``out``; returns the rule ids of the comments shown."""
    docx = markdown_to_docx(WEAK.read_text(encoding="utf-8"), work / "weak.docx")
    reviewed = work / "reviewed.docx"
    subprocess.run([sys.executable, "-m", "safeguard_lsp", "annotate", str(docx), "-o", str(reviewed),
                    "--track-changes"], check=True, capture_output=True, cwd=REPO)
    pdf = convert_with_libreoffice(reviewed, "pdf", work)
    text, places = _characters(pdf)
    top, bottom = text.index(FIRST), text.index(LAST)
    page = places[top][0]
    y0 = places[top][2] - 6
    if places[bottom][0] == page:
        y1 = places[bottom][2] - 10
    else:  # to the last line of the page
        y1 = max(y for number, _, y in places if number == page) + 16
    boxes, cursor = [], 0
    for before, words, comment in _comments(reviewed):
        key = _squeeze(before[-30:] + words)
        at = text.find(key, cursor)
        if at < 0:
            continue
        cursor = at
        at += len(key) - len(_squeeze(words))
        number, x, y = places[at]
        if number == page and y0 <= y < y1:
            boxes.append(((x - LEFT) * SCALE, (y - y0) * SCALE, *_shown(comment)))
    image = work / "page"
    subprocess.run(["pdftoppm", "-f", str(page + 1), "-l", str(page + 1), "-r", str(DPI), "-png", "-singlefile",
                    str(pdf), str(image)], check=True, capture_output=True)
    picture = base64.b64encode(image.with_suffix(".png").read_bytes()).decode()
    width = int((RIGHT - LEFT) * SCALE)
    # Tall enough for the page's part and for the notes stacked one under another.
    notes_height = sum(12 + 15 * -(-len(rule + sentence) // 50) for _, _, rule, sentence in boxes)
    height = int(max((y1 - y0) * SCALE, (boxes[0][1] if boxes else 0) + notes_height))
    notes = "\n".join(
        f'<div class="note" data-y="{y:.0f}" data-x="{x:.0f}"><b>{html.escape(rule)}</b> '
        f'{html.escape(sentence)}</div>' for x, y, rule, sentence in boxes)
    page_html = f"""<!doctype html><meta charset="utf-8"><style>
body {{ margin: 0; background: #fff; font: 11px/1.3 "DejaVu Sans", sans-serif; }}
#page {{ position: absolute; left: 0; top: 0; width: {width}px; height: {height}px;
        background: url(data:image/png;base64,{picture}) -{LEFT * SCALE:.0f}px -{y0 * SCALE:.0f}px no-repeat; }}
#margin {{ position: absolute; left: {width}px; top: 0; width: {MARGIN}px; height: {height}px;
          background: #f3f3f3; border-left: 1px solid #ccc; }}
.note {{ position: absolute; left: 10px; width: {MARGIN - 32}px; padding: 4px 6px; background: #fff8c4;
        border: 1px solid #d8c24a; border-radius: 3px; color: #333; }}
svg {{ position: absolute; left: 0; top: 0; }}
</style>
<div id="page"></div><div id="margin">{notes}</div>
<svg width="{width + MARGIN}" height="{height}"></svg>
<script>
// Each note at the line of its words, pushed down below the one before; a dotted line joins them.
let below = 0, lines = "";
for (const note of document.querySelectorAll(".note")) {{
  const y = Number(note.dataset.y), top = Math.max(y - 4, below);
  note.style.top = top + "px";
  below = top + note.offsetHeight + 4;
  lines += `<polyline points="${{note.dataset.x}},${{y + 15}} {width + 10},${{y + 15}} {width + 10},${{top + 8}}"
            fill="none" stroke="#d8a800" stroke-dasharray="2,2"/>`;
}}
document.querySelector("svg").innerHTML = lines;
</script>"""
    source = work / "picture.html"
    source.write_text(page_html, encoding="utf-8")
    subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size={width + MARGIN},{height}", f"--screenshot={out}", source.as_uri()],
                   check=True, capture_output=True, timeout=60)
    return [rule for _, _, rule, _ in boxes]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    with tempfile.TemporaryDirectory() as folder:
        shown = render(target, Path(folder))
    print(f"wrote {target}: {len(shown)} comments ({', '.join(shown)}), {target.stat().st_size // 1024} KB")
