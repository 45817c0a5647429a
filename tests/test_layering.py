"""One direction of dependency: the core knows nothing of LSP or the terminal."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import REPO

CORE = [p for p in (REPO / "safeguard_lsp").rglob("*.py")
        if p.name not in ("cli.py", "__main__.py") and "server" not in p.relative_to(REPO / "safeguard_lsp").parts]
FORBIDDEN = ("pygls", "lsprotocol", "safeguard_lsp.server", "safeguard_lsp.cli")


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_core_modules_do_not_import_the_protocol_or_the_cli():
    assert len(CORE) >= 8
    for path in CORE:
        for module in imported_modules(path):
            assert not module.startswith(FORBIDDEN), f"{path.name} imports {module}"


def test_importing_and_running_the_core_loads_no_pygls():
    code = (
        "import sys\n"
        "from safeguard_lsp.ruleset import RuleSet\n"
        "from safeguard_lsp.checking import check_source\n"
        "from safeguard_lsp.config import Config\n"
        "check_source('Article 1\\n\\nThe police may intercept communications.', config=Config(), ruleset=RuleSet.load())\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_cached_check_imports_only_what_it_uses(tmp_path):
    # The command line's start-up is part of every `check`: with the rule set
    # in the cache, neither PyYAML nor the protocol libraries are imported, and
    # neither are json (only for --format json/sarif), traceback (only when a
    # rule fails) or typing (annotations only).
    draft = tmp_path / "draft.txt"
    draft.write_text("Article 1\n\nThe police may intercept communications.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from safeguard_lsp.cli import main\n"
        f"main(['check', {str(draft)!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('yaml', 'json', 'traceback', 'typing', 'pygls', 'lsprotocol')))\n"
    )

    def modules() -> str:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60)
        return proc.stdout.strip().splitlines()[-1]

    modules()  # the first run may fill the cache
    assert modules() == "[]"
