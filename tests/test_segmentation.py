"""National layouts segmented as a lawyer reads them (issue 18, item 4).

Each layout is exercised by drafts written for these tests, in at least two
styles: the units a reader sees (sections with their numbers and titles, the
schedules, the arrangement of sections) must be the units of the tree.
"""

from __future__ import annotations

import pytest

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


# -- arrangement of sections, schedules, memoranda --------------------------------

ARRANGED_BILL = """\
THE NETWORK INTEGRITY BILL, 2032

ARRANGEMENT OF SECTIONS

PART I – PRELIMINARY
Section
1. Short title
2. Interpretation

PART II – OFFENCES
3. Interference with a network
4. Penalties

SCHEDULE – Fees

A BILL for an Act to protect the integrity of networks, and for connected purposes.

PART I – PRELIMINARY

1. This Act may be cited as the Network Integrity Act, 2032.

2. In this Act, "network" means two or more linked devices.

PART II – OFFENCES

3. (1) A person who interferes with a network without right commits an offence.
(2) Subsection (1) does not apply to a test the owner of the network has agreed to.

4. A person convicted under section 3 is liable to a fine.

SCHEDULE – Fees
(Section 4)

1. The fee for a licence is set by the Minister.
2. A fee is paid in advance.

MEMORANDUM OF OBJECTS AND REASONS

1. The object of this Bill is to protect networks.
2. Part II creates one offence, in section 3.
"""

CONTENTS_CODE = """\
Code of Electronic Evidence (written for the tests)

Table of Contents

Article 1 – Scope
Article 2 – Seizure of devices
Annex – Forms

Article 1 – Scope

This Code applies to evidence held in electronic form.

Article 2 – Seizure of devices

A judge may order the seizure of a device. Article 1 applies.

Annex – Forms

Form A: request for seizure.

Explanatory Statement

The Code gathers the rules on electronic evidence. Article 2 follows the practice of the courts.
"""


def test_an_arrangement_of_sections_is_not_a_set_of_sections():
    draft = Draft.parse(ARRANGED_BILL, "bill.txt")
    main = [u for u in draft.articles if u.enclosing("schedule") is None]
    assert [u.number for u in main] == ["1", "2", "3", "4"]
    contents = draft.units("contents")
    assert len(contents) == 1 and contents[0].label == "Contents"
    assert contents[0].parent is draft.root and not any(u.kind == "article" for u in contents[0].walk())
    # The body's Part I is a division of the law, not of the arrangement.
    parts = draft.units("part")
    assert [(p.number, p.parent.kind) for p in parts] == [("I", "document"), ("II", "document")]
    assert draft.article("3").parent is parts[1]
    # Every reference to section 3 points at the body's section.
    ref = next(r for r in draft.references if r.article == "3")
    assert ref.targets == [draft.article("3")]


def test_a_table_of_contents_lists_articles_without_making_them():
    draft = Draft.parse(CONTENTS_CODE, "code.txt")
    assert sections(draft) == [("1", "Scope"), ("2", "Seizure of devices")]
    contents, = draft.units("contents")
    assert "Article 2" in draft.text[contents.start:contents.end]
    # No reference is read in the listing: 'Article 2' there is an entry, not a citation.
    assert all(not (contents.start <= r.start < contents.end) for r in draft.references)


def test_schedules_and_memoranda_are_units_of_their_own():
    draft = Draft.parse(ARRANGED_BILL, "bill.txt")
    schedule, = draft.units("schedule")
    memo, = draft.units("memorandum")
    assert schedule.parent is draft.root and schedule.title == "Fees" and schedule.label == "Schedule"
    assert memo.parent is draft.root and memo.label == "Memorandum of objects and reasons"
    four = draft.article("4")
    assert four.end < schedule.start, "the last section swallowed the schedule"
    assert "fee for a licence" in draft.text[schedule.start:schedule.end]
    assert "object of this Bill" in draft.text[memo.start:memo.end]
    assert not any(u.kind == "article" for u in memo.walk())


def test_an_annex_and_an_explanatory_statement_in_a_code_of_articles():
    draft = Draft.parse(CONTENTS_CODE, "code.txt")
    annex, = draft.units("schedule")
    statement, = draft.units("memorandum")
    assert (annex.label, annex.title) == ("Annex", "Forms")
    assert statement.label == "Explanatory statement"
    two = draft.article("2")
    assert two.end < annex.start < annex.end < statement.start


def test_a_schedule_reproducing_sections_of_another_law_keeps_them_as_sections():
    text = ("Amending Act (written for the tests)\n\n1. Short title This Act amends the Penal Code.\n\n"
            "2. Amendment The Penal Code is amended as set out in the Schedule.\n\n"
            "FIRST SCHEDULE - Sections of the Penal Code as amended\n\n"
            "1. Application (1) This Code applies to acts done in the State.\n\n"
            "2. Offences (1) The offences in section 1 are punishable.\n\n"
            "SECOND SCHEDULE\n\nForms.\n")
    draft = Draft.parse(text, "amend.txt")
    first, second = draft.units("schedule")
    assert (first.label, first.title) == ("First schedule", "Sections of the Penal Code as amended")
    assert second.label == "Second schedule"
    held = [(u.number, u.title) for u in first.walk() if u.kind == "article"]
    assert held == [("1", "Application"), ("2", "Offences")]
    # 'section 1' in the schedule is the schedule's own section 1.
    ref = next(r for r in draft.references if r.article == "1")
    assert ref.targets == [held_unit for held_unit in first.walk() if held_unit.kind == "article"][:1]


def test_words_that_only_begin_like_a_schedule_or_contents_stay_text():
    text = ("Section 1 – Fees\n\nSchedule 2 applies to every fee under this Act.\n\n"
            "Contents of a request are set by the Minister.\n\nAppendix forms are optional.\n")
    draft = Draft.parse(text, "a.txt")
    assert not draft.units("schedule") and not draft.units("contents")
    assert sections(draft) == [("1", "Fees")]


# -- marginal notes -------------------------------------------------------------

NOTES_BESIDE = """\
THE COMMUNICATIONS (LAWFUL ACCESS) BILL, 2033

PART I – PRELIMINARY

Short title 1. This Act may be cited as the Communications (Lawful Access) Act, 2033.

Interpretation 2. In this Act, "officer" means a police officer of the rank of inspector or above.

PART II – POWERS

Power to intercept 3. (1) A judge may authorise an officer to intercept a communication.
(2) The authority lasts thirty days.

Duty of providers 4. A provider shall give the officer the technical help needed under section 3.
"""

NOTES_ABOVE = """\
THE DEVICE EVIDENCE BILL, 2033

Short title
1. This Act may be cited as the Device Evidence Act, 2033.

Search of devices
2. (1) A magistrate may issue a warrant to search a device.
(2) The warrant names the device and the offence.

Retention and
return of devices
3. A device seized under section 2 is returned within ninety days.

4. (1) A person may apply to the court for the return of a device.
(2) The court decides within fourteen days.
"""


def test_a_marginal_note_beside_the_number_is_the_section_title():
    draft = Draft.parse(NOTES_BESIDE, "bill.txt")
    assert sections(draft) == [("1", "Short title"), ("2", "Interpretation"), ("3", "Power to intercept"),
                               ("4", "Duty of providers")]
    three = draft.article("3")
    assert [p.number for p in three.children if p.kind == "paragraph"] == ["1", "2"]
    assert body(draft, draft.article("4")).startswith("A provider shall give")
    ref = next(r for r in draft.references if r.article == "3")
    assert ref.targets == [three]


def test_a_marginal_note_on_the_lines_above_the_number_is_the_section_title():
    draft = Draft.parse(NOTES_ABOVE, "bill.txt")
    assert sections(draft) == [("1", "Short title"), ("2", "Search of devices"),
                               ("3", "Retention and return of devices"), ("4", None)]
    two = draft.article("2")
    # The note belongs to the section it names, not to the end of the one before.
    assert draft.text[two.start:].startswith("Search of devices")
    one = draft.article("1")
    assert "Search of devices" not in draft.text[one.start:one.end]
    assert "Retention" not in draft.text[two.start:two.end]
    # The last line of a section's body is not taken for the next one's note.
    assert body(draft, draft.article("3")).endswith("within ninety days.")


@pytest.mark.parametrize("note_and_number, body_opening", [
    ("Further assistance 19A.", "(1) The Minister may give assistance to a foreign State."),   # with subsections
    ("Further assistance 19A.", "The Minister may\u2014\n(a) give assistance; or\n(b) refuse it."),  # a lead-in
])
def test_a_section_inserted_by_an_amendment_keeps_its_marginal_note(note_and_number, body_opening):
    """A section an amendment inserted ('19A') between two others is cut as a
    section of its own, its marginal note its title, as its neighbours are."""
    text = ("1. Short title This Act may be cited as the Assistance Act.\n\n"
            "Mutual assistance 19. (1) The Minister may ask a foreign State for assistance.\n\n"
            f"{note_and_number} {body_opening}\n\n"
            "20. Offences by bodies corporate Where a body corporate commits an offence, its directors commit it.\n")
    draft = Draft.parse(text, "act.txt")
    assert sections(draft) == [("1", "Short title"), ("19", "Mutual assistance"), ("19A", "Further assistance"),
                               ("20", "Offences by bodies corporate")]
    assert body(draft, draft.article("19A")).startswith(body_opening[:12])
    assert "Further assistance" not in draft.text[draft.article("19").start:draft.article("19").end]


# -- numbers as laws write them --------------------------------------------------
# Plain text, as a translated law is printed, and Markdown, as a delegation drafts.
BRACKETED_PLAIN = """LAW No. (4) OF 2032 ON INFORMATION NETWORK CRIMES

CHAPTER ONE
GENERAL PROVISIONS

Article (1)
This Law applies to crimes committed by means of an information network.

CHAPTER TWO
CRIMES AND PENALTIES

Article (2)
Anyone who enters an information system without permission shall be punished by imprisonment.

Article (3)
The penalty in Article (2) is doubled where the system belongs to a public body.
"""

BRACKETED_MD = """# Draft regional agreement on electronic evidence

## Chapter One: Scope

### Article (1) Purpose

This Agreement sets out how the Parties exchange electronic evidence.

## Chapter Two: Cooperation

### Article (2) Requests

A Party may request another Party to preserve stored data, subject to Article (1).

### Article Three – Refusal

A Party may refuse a request under Article (2) that concerns a political offence.
"""


@pytest.mark.parametrize("text, path", [(BRACKETED_PLAIN, "law.txt"), (BRACKETED_MD, "agreement.md")])
def test_numbers_in_brackets_or_spelled_out_make_articles_and_chapters(text, path):
    """'Article (2)', 'CHAPTER ONE', 'Article Three': each opens its unit, numbered
    as references look it up, and 'Article (2)' in the text refers to it."""
    draft = Draft.parse(text, path)
    numbers = [u.number for u in draft.articles]
    assert numbers == ["1", "2", "3"]
    chapters = [u for u in draft.root.walk() if u.kind == "chapter"]
    assert [c.number for c in chapters] == ["1", "2"]
    assert draft.article("2").enclosing("chapter") is chapters[1]
    refs = {r.text: [t.number for t in r.targets] for r in draft.references}
    assert refs.get("Article (2)") == ["2"]


IN_PARTS_PLAIN = """CODE OF DIGITAL OFFENCES

Article 323-1 Entering a system
Whoever fraudulently enters an automated data processing system is liable to two years' imprisonment.

Article 323-2 Hindering a system
Whoever hinders the working of such a system is liable to five years' imprisonment.

Article 323-3 Attempt
An attempt at the offences in Article 323-1 and Article 323-2 is punished alike.
"""

IN_PARTS_MD = """# Model law on computer crime

## Article 3.1 Illegal access

A person who enters a computer system without right commits an offence.

## Article 3.2 Illegal interception

A person who intercepts a transmission without right commits an offence.

## Article 3.3 Attempt

An attempt at an offence under Article 3.1 or Article 3.2 is an offence.
"""


@pytest.mark.parametrize("text, path, first", [(IN_PARTS_PLAIN, "code.txt", "323"), (IN_PARTS_MD, "model.md", "3")])
def test_numbers_in_parts_make_articles_and_are_referred_to_whole(text, path, first):
    """A code numbered by title ('Article 323-1') or a model law by chapter
    ('Article 3.1'): each number whole, and a reference finds its article."""
    draft = Draft.parse(text, path)
    numbers = [u.number for u in draft.articles]
    sep = "-" if "-" in numbers[0] else "."
    assert numbers == [f"{first}{sep}1", f"{first}{sep}2", f"{first}{sep}3"]
    assert draft.article(numbers[0]).title in ("Entering a system", "Illegal access")
    last = draft.article(numbers[2])
    targets = [t.number for r in draft.references if last.start <= r.start < last.end for t in r.targets]
    assert targets == numbers[:2]


def test_a_number_in_parts_with_no_such_article_refers_to_its_first_part():
    """'Article 5-7' or 'article 3.1' in a draft numbered 1, 2, 3 …: the article
    is the first number (a range or a paragraph written after it)."""
    text = ("# Draft\n\n## Article 3 Access\n\nAccess is an offence.\n\n## Article 5 Powers\n\n"
            "Powers are subject to article 3.1 and to Article 5-7.\n")
    draft = Draft.parse(text, "draft.md")
    assert [(r.article, [t.number for t in r.targets]) for r in draft.references] == [("3", ["3"]), ("5", ["5"])]


def test_a_sentence_that_opens_with_an_article_in_brackets_is_no_heading():
    text = ("LAW\n\nArticle (1)\nThis Law applies.\n\nArticle (2)\nWhoever enters a system shall be punished.\n"
            "Article (1) of this Law shall not apply to research.\n")
    draft = Draft.parse(text, "law.txt")
    assert [u.number for u in draft.articles] == ["1", "2"]


@pytest.mark.parametrize("text, path", [
    ("LAW No. (3) OF 2034\n\nArticle (1)\nThis Law applies to information systems.\n\nArticle (2)\n"
     "Whoever, knowingly and without a legal right, copies the data held in an information system of\n"
     "another person shall be punished by imprisonment.\n", "law.txt"),
    ("COMPUTER MISUSE ACT\n\nSection 1\nThis Act applies to computers.\n\nSection 2\n"
     "Any person who, without lawful excuse, copies the data held on a computer belonging to\n"
     "another person commits an offence and is liable on conviction to a fine.\n", "act.txt"),
])
def test_the_first_line_of_a_wrapped_sentence_is_no_title(text, path):
    """An untitled heading ('Article (2)', 'Section 2') whose body's first
    sentence runs on to the next line: that line is the start of the body, not
    the heading's title, so the body keeps its first words."""
    draft = Draft.parse(text, path)
    second = draft.articles[1]
    assert second.title is None
    assert body(draft, second).startswith(("Whoever, knowingly", "Any person who, without lawful excuse"))


def test_a_title_above_a_body_stays_a_title():
    act = ("COMPUTER MISUSE ACT\n\nSection 1\nUnauthorised access to a computer\n"
           "A person who enters a computer without authority commits an offence.\n\nSection 2\nExtent\nThis Act extends to ships.\n")
    assert Draft.parse(act, "act.txt").articles[0].title == "Unauthorised access to a computer"
    law = ("LAW\n\nArticle (1)\nAccess to data held by another person for\nresearch\nThe Minister may exempt research.\n\n"
           "Article (2)\nThis Law applies at once.\n")
    assert Draft.parse(law, "law.txt").articles[0].title == "Access to data held by another person for"


@pytest.mark.parametrize("dash", ["\u2014", "-", "\u2013", " \u2014"])
def test_a_dash_written_close_after_a_section_number_opens_the_section(dash):
    """'5.—(1) A person …' (an em dash, as Acts are printed) or '4.-(1) …' (a
    hyphen, as they are retyped), with or without a marginal note above."""
    text = (f"DATA ACT\n\nPART II\nOFFENCES\n\nIllegal access\n4.{dash}(1) A person shall not access a computer "
            f"without authority.\n(2) A person who contravenes subsection (1) commits an offence.\n\n"
            f"5.{dash}(1) A person who damages data commits an offence.\n(2) The penalty is a fine.\n\n"
            f"6.{dash}A person who intercepts data commits an offence.\n")
    draft = Draft.parse(text, "act.txt")
    assert [(u.number, u.title) for u in draft.articles] == [("4", "Illegal access"), ("5", None), ("6", None)]
    assert [p.number for p in draft.article("5").children if p.kind == "paragraph"] == ["1", "2"]
    assert body(draft, draft.article("6")).startswith("A person who intercepts")


@pytest.mark.parametrize("line, title, opening", [
    ("66. Computer-related offences.\u2013If any person, dishonestly, does an act referred to in section 43, he "
     "shall be punishable with imprisonment.", "Computer-related offences", "If any person"),
    ("2. Interpretation:\u2014In this Act, unless the context otherwise requires, \"data\" means any record.",
     "Interpretation", "In this Act"),
    ("12. Power to search.\u2014(1) A magistrate may issue a warrant.", "Power to search", "(1) A magistrate"),
])
def test_a_title_closed_by_a_stop_and_a_dash_leaves_the_body_on_its_line(line, title, opening):
    text = f"INFORMATION ACT\n\n1. Short title.\u2014This Act is the Information Act.\n\n{line}\n\n70. Extent.-This Act extends to ships.\n"
    draft = Draft.parse(text, "act.txt")
    assert [u.title for u in draft.articles] == ["Short title", title, "Extent"]
    assert body(draft, draft.articles[1]).startswith(opening)


@pytest.mark.parametrize("text, path", [
    ("DATA ACT\n\n5. (1) A person who damages data commits an offence.\n(2) The penalty is a fine.\n\n"
     "6. A person who intercepts data commits an offence.\n\n7. Any person who publishes a password commits an offence.\n",
     "act.txt"),
    ("DATA LAW\n\nArticle 5\nWhoever damages data shall be punished.\n\nArticle 6\nA person who intercepts data "
     "commits an offence.\n\nArticle 7\nAny person who publishes a password commits an offence.\n", "law.txt"),
])
def test_a_section_of_one_sentence_is_its_body_not_its_title(text, path):
    """'6. A person who intercepts data commits an offence.': the sentence is
    the section's body, read for its role and elements, not its title."""
    draft = Draft.parse(text, path)
    assert [u.title for u in draft.articles] == [None, None, None]
    assert body(draft, draft.article("6")) == "A person who intercepts data commits an offence."


@pytest.mark.parametrize("first, second", [("5(1)", "6(1)"), ("Section 5.\u2014(1)", "Section 6.\u2014(1)")])
def test_a_section_opening_on_its_first_subsection_keeps_it(first, second):
    """'5(1) A person …' (the stop left out) and 'Section 5.—(1) A person …': a
    section whose first subsection is on its number's line; a wrapped
    reference to '5(1) of this Act' opens nothing."""
    text = (f"DATA ACT\n\n{first} A person who accesses a computer without authority commits an offence.\n"
            f"(2) The penalty is a fine under section\n5(1) of this Act.\n\n"
            f"{second} A person who damages data commits an offence.\n(2) The penalty is a fine.\n")
    draft = Draft.parse(text, "act.txt")
    assert [(u.number, u.title) for u in draft.articles] == [("5", None), ("6", None)]
    for section in draft.articles:
        assert [p.number for p in section.children if p.kind == "paragraph"] == ["1", "2"]
    assert body(draft, draft.article("5")).startswith("(1) A person who accesses")


@pytest.mark.parametrize("text, path", [
    ("# Draft protocol\n\n## Article 5 Access\n\n5.1 Each Party shall make access an offence.\n\n"
     "5.2 A Party may require a dishonest intent.\n\n## Article 6 Interception\n\n6.1 Each Party shall make "
     "interception an offence.\n\n6.2 The offence in paragraph 1 requires intent; 7.1 of the annex applies.\n",
     "protocol.md"),
    ("MODEL LAW\n\nArticle 5 - Access\n5.1 Access without right is an offence.\n5.2. A State may require a "
     "dishonest intent.\n\nArticle 6 - Interception\n6.1 Interception without right is an offence.\n"
     "6.2 The offence in paragraph 1 requires intent;\n7.1 of the annex applies.\n", "model.txt"),
])
def test_paragraphs_numbered_by_their_article_are_paragraphs(text, path):
    """'5.1', '5.2' inside article 5 are its paragraphs 1 and 2 (as some
    treaties number them); '7.1' inside article 6 is text, and 'paragraph 1'
    finds the paragraph."""
    draft = Draft.parse(text, path)
    for article in draft.articles:
        assert [p.number for p in article.children if p.kind == "paragraph"] == ["1", "2"]
    six = draft.article("6")
    paragraph_two = [p for p in six.children if p.kind == "paragraph"][1]
    assert "7.1 of the annex" in draft.text[paragraph_two.start:paragraph_two.end]
    ref = next(r for r in draft.references if r.text == "paragraph 1")
    assert ref.targets and ref.targets[0].parent is six and ref.targets[0].number == "1"


@pytest.mark.parametrize("first, second, path", [
    ("Article 1\u00ba.- Scope", "Article 2\u00ba.- Unlawful access", "code.txt"),       # a code in translation
    ("Art. 1\u00b0 Scope", "Art. 2\u00b0 Unlawful access", "code.txt"),
    ("ARTICLE 1o.- SCOPE", "ARTICLE 2o.- UNLAWFUL ACCESS", "decree.txt"),
    ("## Article 1\u00ba \u2013 Scope", "## Article 2\u00ba \u2013 Unlawful access", "draft.md"),   # Markdown
    ("SECTION 1. \u2014 SCOPE", "SECTION 2. \u2014 UNLAWFUL ACCESS", "act.txt"),          # an Act
    ("Article 1:- Scope", "Article 2:- Unlawful access", "law.txt"),
])
def test_ordinal_indicators_and_a_stop_with_a_dash_leave_number_and_title_clean(first, second, path):
    """'Article 1º', 'Art. 1°', 'ARTICLE 1o.' are article 1; the separator '.-',
    '. —' or ':-' is not part of the title."""
    text = (f"LAW ON COMPUTER CRIMES\n\n{first}\nThis law applies to information systems.\n\n{second}\n"
            "Whoever enters an information system without right shall be punished.\n")
    draft = Draft.parse(text, path)
    assert [(u.number, u.title.lower()) for u in draft.articles] == [("1", "scope"), ("2", "unlawful access")]
    assert body(draft, draft.article("2")).startswith("Whoever enters")


def test_sentences_that_cite_a_number_are_not_marginal_notes():
    text = ("1. (1) This Act applies to devices.\n(2) The Minister may by order exclude a device under\n"
            "2. (1) A warrant is needed.\n\nThe penalty is set out in section\n"
            "3. (1) A person who fails commits an offence.\n")
    draft = Draft.parse(text, "a.txt")
    assert [(u.number, u.title) for u in draft.articles] == [("1", None), ("2", None), ("3", None)]


# -- text repeated by extraction ----------------------------------------------------

def test_a_heading_and_its_text_given_twice_make_one_section():
    numbered = ("DATA BILL\n\n1. Short title\nThis Act may be cited as the Data Act.\n\n"
                "2. Retention of data\n(1) A provider keeps traffic data for ninety days.\n\n"
                "2. Retention of data\n(1) A provider keeps traffic data for ninety days.\n\n"
                "3. Offences\nA provider who fails to keep data commits an offence.\n")
    keyword = ("Data Code\n\nSection 1 – Scope\n\nThis Code covers stored data.\n\n"
               "Section 2 – Orders\n\nA judge may order disclosure.\n\n"
               "Section 2 – Orders\n\nA judge may order disclosure.\n\n"
               "Section 3 – Review\n\nAn order may be reviewed.\n")
    for text in (numbered, keyword):
        draft = Draft.parse(text, "d.txt")
        assert [u.number for u in draft.articles] == ["1", "2", "3"]
        two = draft.article("2")
        assert draft.text[two.start:two.end].count("disclos" if "Code" in text else "ninety") == 2


def test_two_sections_with_one_number_but_different_text_stay_two():
    text = ("Section 1 – Scope\n\nThis Code covers stored data.\n\n"
            "Section 2 – Orders\n\nA judge may order disclosure.\n\n"
            "Section 2 – Orders\n\nA prosecutor may order preservation.\n")
    draft = Draft.parse(text, "d.txt")
    assert [u.number for u in draft.articles] == ["1", "2", "2"]


def test_an_edit_that_makes_a_section_repeat_the_one_before_reparses_as_a_full_parse():
    text = ("Section 1 – Scope\n\nThis Code covers stored data.\n\n"
            "Section 2 – Orders\n\nA judge may order disclosure.\n\n"
            "Section 3 – Orders\n\nA judge may order disclosure.\n")
    draft = Draft.parse(text, "d.txt")
    at = text.index("Section 3") + len("Section ")
    edited = text[:at] + "2" + text[at + 1:]
    _check_edit("d.txt", draft, edited, "d.txt", (at, 1, "2"))
    assert [u.number for u in Draft.parse(edited, "d.txt").articles] == ["1", "2"]


# -- subsection trees (a)(1)(A)(i) ---------------------------------------------------

US_CODE = """\
TITLE 99 - NETWORK CRIMES

§ 501. Unlawful entry into protected systems
(a) Offense.—Whoever—
(1) enters a protected system without authorization; or
(2) exceeds authorized entry and thereby obtains—
(A) information held by a financial body; or
(B) information from a public agency, where—
(i) the agency is federal; or
(ii) the information is classified, and—
(I) marked secret; or
(II) marked confidential,
(C) information from a hospital,
shall be punished as provided in subsection (c).
(b) Attempt.—Whoever attempts an offense under subsection (a) shall be punished as for the offense.
(c) Penalties.—The punishment for an offense under this section is a fine.

§ 502. Definitions
In this chapter the term "protected system" means a system used by a public agency.
"""

BILL_SECTIONS = """\
A BILL to protect stored records (written for the tests)

SEC. 3. ORDERS FOR STORED RECORDS.

(a) In General.—A court may issue an order for stored records if—

(1) the application states—

(A) the offense under investigation; and

(B) the records sought; and

(2) the court finds probable cause.

(b) Notice.—The subscriber is notified within 90 days.

(h) Delay.—Notice may be delayed for 30 days.

(i) Reports.—The Attorney General reports each year on the orders issued.
"""


def tree(unit) -> list:
    return [(c.kind, c.number, tree(c)) for c in unit.children if c.kind in ("paragraph", "subparagraph")]


def test_a_united_states_code_section_nests_its_subsections():
    draft = Draft.parse(US_CODE, "usc.txt")
    section = draft.article("501")
    upper_roman = [("subparagraph", "I", []), ("subparagraph", "II", [])]
    clauses = [("subparagraph", "i", []), ("subparagraph", "ii", upper_roman)]
    assert tree(section) == [
        ("paragraph", "a", [
            ("subparagraph", "1", []),
            ("subparagraph", "2", [("subparagraph", "A", []), ("subparagraph", "B", clauses),
                                   ("subparagraph", "C", [])]),
        ]),
        ("paragraph", "b", []),
        ("paragraph", "c", []),
    ]


def test_a_bill_in_sections_nests_its_subsections_and_tells_subsection_i_from_clause_i():
    draft = Draft.parse(BILL_SECTIONS, "bill.txt")
    section = draft.article("3")
    assert (section.label, section.title) == ("Section 3", "ORDERS FOR STORED RECORDS")
    assert tree(section) == [
        ("paragraph", "a", [
            ("subparagraph", "1", [("subparagraph", "A", []), ("subparagraph", "B", [])]),
            ("subparagraph", "2", []),
        ]),
        ("paragraph", "b", []),
        ("paragraph", "h", []),
        ("paragraph", "i", []),
    ]


def test_a_commonwealth_section_keeps_subsections_over_paragraphs():
    text = ("Section 7 – Search\n\n(1) An officer may search premises—\n(a) with a warrant; or\n"
            "(b) with the owner's consent.\n(2) A search is recorded.\n")
    draft = Draft.parse(text, "s.txt")
    assert tree(draft.article("7")) == [
        ("paragraph", "1", [("subparagraph", "a", []), ("subparagraph", "b", [])]),
        ("paragraph", "2", []),
    ]


# -- the re-parse after an edit stays a full parse ----------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from test_reparse import PASTES, _check_edit, _check_sequence  # noqa: E402
from safeguard_lsp.draft.reparse import reparse  # noqa: E402

DASHED = ("DATA ACT\n\nPART II\nOFFENCES\n\nIllegal access\n4.\u2014(1) A person shall not access a computer.\n"
          "(2) A person who contravenes subsection (1) commits an offence.\n\n5.-(1) A person who damages data commits\n"
          "an offence.\n(2) The penalty is a fine.\n\n6. Power to search.\u2014(1) A magistrate may issue a warrant.\n\n"
          "7(1) A person who publishes a password commits an offence.\n\n8. A person who intercepts data commits an offence.\n")
REPEATED = ("Section 1 – Scope\n\nThis Code covers stored data.\n\n"
            "Section 2 – Orders\n\nA judge may order disclosure.\n\nSection 2 – Orders\n\nA judge may order disclosure.\n\n"
            "Section 3 – Review\n\nAn order may be reviewed.\n")
ANNEXED = ("Convention on Stored Data (written for the tests)\n\nArticle 1 – Scope\n\nThis Convention applies to stored data.\n\n"
           "Article 2 – Orders\n\n1. A judge may order disclosure, as provided in Article 1.\n\n"
           "2. The order names the data.\n\nANNEX I – Model provisions\n\nArticle 1 – Model order\n\n"
           "A model order follows Article 2.\n\nArticle 2 – Model notice\n\nThe notice follows Article 1.\n\n"
           "Schedule 2\n\n(a) the form of the order;\n(b) the form of the notice.\n")
LAYOUTS = {"annexed.txt": ANNEXED, "usc.txt": US_CODE, "bill-sections.txt": BILL_SECTIONS, "inline.txt": COMMONWEALTH_INLINE, "repeated.txt": REPEATED, "section-inline.txt": SECTION_INLINE, "arranged.txt": ARRANGED_BILL,
           "contents.txt": CONTENTS_CODE, "beside.txt": NOTES_BESIDE, "above.txt": NOTES_ABOVE,
           "bracketed.txt": BRACKETED_PLAIN, "bracketed.md": BRACKETED_MD, "in-parts.txt": IN_PARTS_PLAIN,
           "in-parts.md": IN_PARTS_MD, "dashed.txt": DASHED}
LAYOUT_PASTES = PASTES + ["\nSCHEDULE\n", "\n\nFIRST SCHEDULE – Forms\n\n", "\nARRANGEMENT OF SECTIONS\n",
                          "\nExplanatory Memorandum\n", "Power to act 9. (1) ", "\nShort note\n", "Short note\n",
                          "\n\nReview of orders\n5. (1) ", "\u00a0", "\u202f", "\nArticle (4)\n", "\nCHAPTER THREE\n",
                          "\n7.\u2014(1) ", "\n3.3 ", "\n9(1) A ", "Whoever, knowingly, "]
layout_edits = st.lists(st.tuples(st.floats(0, 1), st.sampled_from([0, 0, 1, 3, 40]), st.sampled_from(LAYOUT_PASTES)),
                        min_size=1, max_size=5)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(LAYOUTS)), sequence=layout_edits)
def test_random_edits_of_national_layouts_reparse_as_a_full_parse(name, sequence):
    _check_sequence(name, LAYOUTS[name], sequence, name)


def test_a_line_typed_above_a_number_becomes_its_note_in_the_reparse_too():
    text = ("BILL\n\n1. (1) This Act applies to devices.\n(2) It binds the State.\n\n"
            "2. (1) A warrant is needed.\n(2) It names the device.\n\n3. (1) A court decides.\n")
    draft = Draft.parse(text, "bill.txt")
    assert all(u.title is None for u in draft.articles)
    for at, typed in ((text.index("2. (1)"), "Warrants\n"), (text.index("3. (1)"), "Courts\n"),
                      (text.index("\n\n2. (1)") + 1, "\nWarrants")):
        edited = text[:at] + typed + text[at:]
        _check_edit("bill.txt", draft, edited, "bill.txt", (at, 0, typed))
        titles = [u.title for u in Draft.parse(edited, "bill.txt").articles]
        assert typed.strip() in titles, (typed, titles)


def test_subsections_run_together_on_one_line_are_units_of_their_own():
    run_on = ("Section 8. Preservation orders\n(1) A judge may order a provider to preserve data. "
              "A judge may order a provider to preserve data. (2) The order lasts ninety days; (3) The provider "
              "keeps the order secret. (4) A person who breaches subsection (2) of this section commits an offence.\n")
    draft = Draft.parse(run_on, "act.txt")
    eight = draft.article("8")
    paragraphs = [p for p in eight.children if p.kind == "paragraph"]
    assert [p.number for p in paragraphs] == ["1", "2", "3", "4"]
    assert body(draft, paragraphs[1]) == "The order lasts ninety days;"
    assert body(draft, paragraphs[3]).startswith("A person who breaches subsection (2) of this section")
    other = "12. Search (1) An officer may search a device with a warrant. (2) The warrant names the device.\n"
    draft = Draft.parse(other, "act.txt")
    assert [p.number for p in draft.article("12").children if p.kind == "paragraph"] == ["1", "2"]


def test_a_citation_of_a_subsection_is_not_a_new_subsection():
    text = "Section 9. Appeals\n(1) An appeal lies under subsection (2) to the High Court. (3) It is heard in private.\n"
    draft = Draft.parse(text, "act.txt")
    assert [p.number for p in draft.article("9").children if p.kind == "paragraph"] == ["1"]


def test_an_arrangement_ends_where_the_body_repeats_any_of_its_entries():
    # The arrangement opens with a part heading the body does not repeat.
    text = ("ELECTRONIC RECORDS ACT\n\nARRANGEMENT OF SECTIONS\n\nPART I\n1. Short title\n2. Records\n"
            "PART II\n3. Offences\n\nShort title 1. This Act may be cited as the Electronic Records Act.\n\n"
            "Records 2. (1) A record kept by a computer is evidence.\n\n"
            "PART II – OFFENCES\n\nOffences 3. A person who forges a record commits an offence.\n")
    draft = Draft.parse(text, "act.txt")
    assert sections(draft) == [("1", "Short title"), ("2", "Records"), ("3", "Offences")]
    contents, = draft.units("contents")
    assert draft.article("1").start > contents.end
    assert draft.article("1").parent is draft.root


def test_the_outline_shows_schedules_and_the_sections_they_hold():
    from types import SimpleNamespace

    from safeguard_lsp.server.features.navigation import document_symbols
    from safeguard_lsp.server.positions import LineIndex

    draft = Draft.parse(ARRANGED_BILL, "bill.txt")
    analysis = SimpleNamespace(draft=draft, index=LineIndex(draft.text))
    names = [s.name for s in document_symbols(analysis, True, "file:///bill.txt")]
    # (the paragraph is the long title, "A BILL for an Act …")
    assert names == ["Contents", "Paragraph", "Part I", "Part II", "Schedule", "Memorandum of objects and reasons"]
    text = ("Act\n\n1. Short title This Act amends the Code.\n\nAPPENDIX A - The Code as amended\n\n"
            "1. Scope (1) The Code applies in the State.\n")
    draft = Draft.parse(text, "a.txt")
    appendix = document_symbols(SimpleNamespace(draft=draft, index=LineIndex(draft.text)), True, "file:///a.txt")[-1]
    assert appendix.name == "Appendix A" and [c.name for c in appendix.children] == ["Section 1"]


def test_titles_that_contain_by_means_of_stay_titles():
    markdown = "# Convention\n\n### Article 4. Offences committed by means of computer systems\n\n1. Each Party shall act.\n"
    plain = ("Section 4 – Offences committed by means of devices\n\nA person who uses a device commits an offence.\n\n"
             "Section 5. Fraud by means of a computer A person who deceives by means of a computer commits an offence.\n")
    assert sections(Draft.parse(markdown, "c.md")) == [("4", "Offences committed by means of computer systems")]
    assert sections(Draft.parse(plain, "a.txt")) == [("4", "Offences committed by means of devices"),
                                                     ("5", "Fraud by means of a computer")]


def test_items_of_a_list_run_together_on_one_line_are_subparagraphs():
    dash = ("Section 6. Offences\nA person who, without lawful excuse\u2014 (a) copies stored data; (b) alters a record; or "
            "(c) deletes a log, commits an offence.\n")
    colon = ("12. Functions (1) The Board shall: (a) keep the register, and (b) hear complaints, or (c) advise the "
             "Minister. (2) The Board reports each year.\n")
    draft = Draft.parse(dash, "a.txt")
    lead_in, = [p for p in draft.article("6").children if p.kind == "paragraph"]
    items = [s for s in lead_in.children if s.kind == "subparagraph"]
    assert [s.number for s in items] == ["a", "b", "c"]
    assert body(draft, items[1]) == "alters a record; or"
    draft = Draft.parse(colon, "b.txt")
    one, two = [p for p in draft.article("12").children if p.kind == "paragraph"]
    assert [s.number for s in one.children if s.kind == "subparagraph"] == ["a", "b", "c"]
    assert two.number == "2" and not [s for s in two.children if s.kind == "subparagraph"]


def test_a_list_given_both_run_together_and_line_by_line_is_read_once():
    text = ("Section 3. Interference\n(1) A person shall not\u2014 (a) damage data; or (b) block a system.\n"
            "A person shall not\u2014\n(a) damage data; or\ndamage data; or\n(b) block a system.\nblock a system.\n")
    draft = Draft.parse(text, "z.txt")
    one, = [p for p in draft.article("3").children if p.kind == "paragraph"]
    assert [s.number for s in one.children if s.kind == "subparagraph"] == ["a", "b"]


def test_a_letter_in_parentheses_inside_a_sentence_is_not_an_item():
    text = "Section 9. Appeals\n(1) An appeal under paragraph (a) of subsection (2) lies to the court; (b) is not a list.\n"
    draft = Draft.parse(text, "c.txt")
    one, = [p for p in draft.article("9").children if p.kind == "paragraph"]
    assert not [s for s in one.children if s.kind == "subparagraph"]


def test_an_annex_of_articles_is_reparsed_by_article_and_its_references_stay_inside():
    draft = Draft.parse(ANNEXED, "annexed.txt")
    annex, schedule = draft.units("schedule")
    assert (annex.label, annex.title, schedule.label) == ("Annex I", "Model provisions", "Schedule 2")
    model = [u for u in annex.walk() if u.kind == "article"]
    ref = next(r for r in draft.references if r.start > annex.start and r.article == "2")
    assert ref.targets == [model[1]]
    # A letter typed in an article of the annex is a re-parse, equal to the full parse.
    at = draft.text.index("A model order") + 2
    edited = draft.text[:at] + "x" + draft.text[at:]
    quick = reparse(draft, edited)
    assert quick is not None
    _check_edit("annexed.txt", draft, edited, "annexed.txt", (at, 0, "x"))


def test_a_table_of_contents_of_links_ends_at_the_first_article():
    text = ("# Convention on Device Searches\n\n## Contents\n\n- [Article 1](#article-1)\n- [Article 2](#article-2)\n\n"
            "## Article 1 – Scope\n\nThis Convention applies to searches of devices held by any person.\n\n"
            "## Article 2 – Warrants\n\nA search requires a warrant issued by a judge, as set out in Article 1.\n")
    draft = Draft.parse(text, "c.md")
    assert sections(draft) == [("1", "Scope"), ("2", "Warrants")]
    contents, = draft.units("contents")
    assert draft.article("1").start > contents.end
    plain = ("Search Code\n\nContents\nSection 1. Scope\nSection 2. Warrants\n\n"
             "Section 1. Scope\nThis Code applies to searches of devices.\n\n"
             "Section 2. Warrants\nA search requires a warrant.\n")
    assert sections(Draft.parse(plain, "c.txt")) == [("1", "Scope"), ("2", "Warrants")]


def test_a_memorandum_before_a_bill_of_numbered_sections_ends_at_its_first_section():
    text = ("MEMORANDUM\n\n1. The object of this Bill is to regulate device searches.\n"
            "2. Clause 2 defines the words used.\n\n"
            "Short title 1. This Act may be cited as the Device Search Act.\n\n"
            "Searches 2. (1) A judge may authorise a search.\n(2) The search is recorded.\n")
    draft = Draft.parse(text, "bill.txt")
    memo, = draft.units("memorandum")
    assert sections(draft) == [("1", "Short title"), ("2", "Searches")]
    assert draft.article("1").start > memo.end
    numbered = ("EXPLANATORY MEMORANDUM\n\nThe Bill regulates device searches.\n\n"
                "1. (1) This Act may be cited as the Device Search Act.\n\n2. (1) A judge may authorise a search.\n")
    draft = Draft.parse(numbered, "bill.txt")
    assert [u.number for u in draft.articles] == ["1", "2"]


@pytest.mark.parametrize("text, path", [
    # a criminal code numbered by its divisions, plain text
    ("CRIMINAL CODE\n\nDivision 3—Computer offences\n\n3.1 Unauthorised access\n(1) A person commits an offence "
     "if:\n(a) the person causes access to data; and\n(b) the person knows the access is unauthorised.\n"
     "Penalty: 2 years imprisonment.\n\n3.2 Impairment of data\nA person commits an offence if the person impairs "
     "data.\n\nDivision 4—Investigation\n\n4.1 Warrants\nA judge may issue a warrant to search a computer for an "
     "offence against section 3.1 or 3.2.\n", "code.txt"),
    # a model law in Markdown, its sections numbered by their part
    ("# Model law\n\n## Division 3 – Computer offences\n\n### 3.1 Unauthorised access\n\n(1) A person commits an "
     "offence if the person knowingly causes access to data.\n\n### 3.2 Impairment of data\n\nA person commits an "
     "offence if the person impairs data.\n\n## Division 4 – Investigation\n\n### 4.1 Warrants\n\nA judge may issue "
     "a warrant to search a computer for an offence against sections 3.1 and 3.2.\n", "model.md"),
])
def test_sections_numbered_by_their_division_are_sections(text, path):
    """'3.1 Unauthorised access' on a line of its own, the title after the
    number, is section 3.1 (a code numbered by its divisions); 'Division 3—…'
    groups the sections as a Part does; a reference to 'section 3.1' finds it.
    '5.1 Each Party shall …' inside article 5 stays its paragraph (above)."""
    draft = Draft.parse(text, path)
    assert [(a.number, a.title) for a in draft.articles] == [
        ("3.1", "Unauthorised access"), ("3.2", "Impairment of data"), ("4.1", "Warrants")]
    assert [(d.kind, d.number) for d in draft.root.children if d.kind == "part"] == [("part", "3"), ("part", "4")]
    ref = next(r for r in draft.references if "3.1" in r.text)
    assert [t.number for t in ref.targets] == ["3.1", "3.2"]
