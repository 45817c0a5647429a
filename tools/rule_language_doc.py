"""Write again the generated tables of docs/rule-language.md from the rule
kinds' declarations (the package itself never writes files).

    python tools/rule_language_doc.py docs/rule-language.md
"""

import sys
from pathlib import Path

from safeguard_lsp.kinds.markdown import updated

for arg in sys.argv[1:]:
    page = Path(arg)
    page.write_text(updated(page.read_text(encoding="utf-8")), encoding="utf-8")
