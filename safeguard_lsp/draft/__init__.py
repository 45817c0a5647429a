"""The draft as a package: the model (units, terms, references), the parser,
the re-parse after an edit, and where defined terms are used.

    model.py        Unit, DefinedTerm, CrossReference, Shape
    document.py     Draft: parse, and the questions asked of a draft
    text.py         lines, blanks, words; patterns compiled when first used
    headings.py     which line opens which unit, with its number and title
    parser.py       the full parse: the tree, the bodies, the sentences
    definitions.py  defined terms
    references.py   cross-references, resolved to units
    reparse.py      the parse of an edited article only
    term_spans.py   the definition in force of a term a span underlines
"""

from .document import Draft
from .model import DIVISIONS, NO_CHILDREN, CrossReference, DefinedTerm, Shape, Unit
from .text import is_word_char, line_bounds

# The names other modules imported when the draft was one module.
_is_word_char = is_word_char

__all__ = ["DIVISIONS", "NO_CHILDREN", "CrossReference", "DefinedTerm", "Draft", "Shape", "Unit",
           "is_word_char", "line_bounds"]
