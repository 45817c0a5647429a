"""National layouts segmented as a lawyer reads them (issue 18, item 4).

Each layout is exercised by drafts written for these tests, in at least two
styles: the units a reader sees (sections with their numbers and titles, the
schedules, the arrangement of sections) must be the units of the tree.
"""

from __future__ import annotations

from safeguard_lsp.draft import Draft


def sections(draft: Draft) -> list[tuple[str | None, str | None]]:
    return [(u.number, u.title) for u in draft.articles]


def body(draft: Draft, unit) -> str:
    """The text of a unit's paragraphs, as one line."""
    start = unit.children[0].start if unit.children else unit.end
    return " ".join(draft.text[start:unit.end].split())


# -- inline titles -------------------------------------------------------------

COMMONWEALTH_INLINE = """\
DIGITAL SAFETY BILL, 2031

1. Short title This Bill may be cited as the Digital Safety Act, 2031.

2. Interpretation In this Act, unless the context otherwise requires, "device" means any computing equipment.

3. Powers of inspectors (1) An inspector may enter premises with a warrant.
(2) The warrant lasts seven days.

4. Representation of a person who is a minor Where the person concerned is a minor, a guardian acts for him.

5. Amendment of Cap. 4:12 The Penal Code is amended as set out in this section.
"""

SECTION_INLINE = """\
Online Services Act (a bill written for the tests)

Section 1. Citation This Act may be cited as the Online Services Act.

Section 2. Meaning of words, phrases and terms In this Act, "platform" means an online service.

Section 3 Unlawful entry into systems A person who enters a system without right commits an offence.

Section 4. Short title. This line is a heading followed by a period and a body.
"""


def test_a_title_on_the_line_of_its_number_is_separated_from_the_body():
    draft = Draft.parse(COMMONWEALTH_INLINE, "bill.txt")
    assert sections(draft) == [
        ("1", "Short title"), ("2", "Interpretation"), ("3", "Powers of inspectors"),
        ("4", "Representation of a person who is a minor"), ("5", "Amendment of Cap. 4:12"),
    ]
    first = draft.article("1")
    assert body(draft, first).startswith("This Bill may be cited")
    three = draft.article("3")
    assert [p.number for p in three.children if p.kind == "paragraph"] == ["1", "2"]


def test_inline_titles_after_a_section_keyword():
    draft = Draft.parse(SECTION_INLINE, "act.txt")
    assert sections(draft) == [
        ("1", "Citation"), ("2", "Meaning of words, phrases and terms"), ("3", "Unlawful entry into systems"),
        ("4", "Short title"),
    ]
    assert body(draft, draft.article("3")).startswith("A person who enters")


def test_a_sentence_after_a_bare_number_is_a_body_not_a_title():
    text = ("Section 1.\nThe Board is responsible for the register.\n\n"
            "Section 2.\nAn inspector may, with a warrant issued by a magistrate—\n(a) enter premises;\n"
            "(b) seize devices.\n\nSection 3.\nReview of decisions\nA person may appeal.\n")
    draft = Draft.parse(text, "act.txt")
    assert sections(draft) == [("1", None), ("2", None), ("3", "Review of decisions")]
    assert body(draft, draft.article("1")) == "The Board is responsible for the register."


def test_a_numbered_sentence_is_not_split_into_a_title():
    text = "Article 1\n\n1. The Parties shall cooperate. Each Party shall designate an authority.\n"
    draft = Draft.parse(text, "t.txt")
    article = draft.article("1")
    assert article.title is None
    assert [p.number for p in article.children if p.kind == "paragraph"] == ["1"]


# -- '§' and 'Sec.' headings -----------------------------------------------------

def test_a_paragraph_sign_followed_by_any_kind_of_space_opens_a_section():
    spaces = {"space": " ", "no-break": "\u00a0", "narrow no-break": "\u202f", "thin": "\u2009", "none": ""}
    for name, space in spaces.items():
        text = (f"Data Security Code\n\n§{space}1 Scope\n\nThis code governs stored data.\n\n"
                f"§{space}2. Access orders\n\nA court may order access to stored data.\n\n"
                f"§{space}2a Review\n\nAn order is reviewed every month; see §{space}2.\n")
        draft = Draft.parse(text, "code.txt")
        assert sections(draft) == [("1", "Scope"), ("2", "Access orders"), ("2a", "Review")], name
        ref = next(r for r in draft.references if r.article == "2")
        assert [t.number for t in ref.targets] == ["2"], name


def test_sec_headings_in_two_styles():
    upper = ("AN ACT on network protection\n\nSEC. 1. SHORT TITLE.\n\nThis Act may be cited as the Network Act.\n\n"
             "SEC. 2. DEFINITIONS.\n\nIn this Act the term \"network\" means connected systems.\n")
    lower = ("Network Protection Act\n\nSec.\u00a01 Purpose\n\nThe purpose is the protection of networks.\n\n"
             "Sec. 2 Offences\n\nA person who damages a network commits an offence.\n")
    assert sections(Draft.parse(upper, "a.txt")) == [("1", "SHORT TITLE"), ("2", "DEFINITIONS")]
    assert sections(Draft.parse(lower, "b.txt")) == [("1", "Purpose"), ("2", "Offences")]
    assert Draft.parse(lower, "b.txt").article("2").label == "Section 2"
