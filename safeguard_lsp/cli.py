"""The command line: `safeguard-lsp check | rules | serve`.

The checker must start fast, so nothing here imports pygls or lsprotocol;
`serve` imports the server only when it is asked for.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from safeguard_lsp import __version__
from safeguard_lsp.findings import SEVERITIES, SEVERITY_RANK
from safeguard_lsp.textsafe import one_line

SUFFIXES = (".txt", ".md", ".markdown", ".rst", ".docx", ".pdf", ".odt")
# 3: safeguard-lsp itself failed (a bug): never mistaken for 1, "findings".
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
# A draft larger than this is refused before it is read (the others are
# still checked): reading a file of gigabytes whole would exhaust memory.
MAX_DRAFT_BYTES = 256 * 1024 * 1024


class UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="safeguard-lsp",
        description="Check draft cybercrime treaties and laws for human-rights safeguards.",
    )
    parser.add_argument("--version", action="version", version=f"safeguard-lsp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check drafts and print the findings")
    check.add_argument("paths", nargs="+", metavar="PATH", help="draft files or folders (.txt, .md, .markdown, .rst, .docx, .pdf, .odt); - for standard input")
    check.add_argument("--format", choices=("pretty", "text", "json", "sarif"),
                       help="pretty: grouped by article, for reading (the default on a terminal); "
                            "text: one line a finding, path:line:column, for editors' problem matchers "
                            "(the default when piped); json; sarif")
    check.add_argument("--min-severity", choices=SEVERITIES, default="hint",
                       help="show only findings at this severity or above (the exit status still follows --fail-level)")
    check.add_argument("--config", type=Path, help="a .safeguard.yaml to use instead of the one found beside the draft")
    check.add_argument("--rules", type=Path, action="append", default=[], metavar="DIR", help="an extra folder of rule packs (repeatable)")
    check.add_argument("--select", default="", metavar="IDS", help="only these rules (comma-separated ids or prefixes)")
    check.add_argument("--ignore", default="", metavar="IDS", help="skip these rules (comma-separated ids or prefixes)")
    check.add_argument("--fail-level", choices=SEVERITIES, default="error", help="exit 1 when a finding reaches this severity (default: error)")
    check.add_argument("--stdin-filename", default="-", metavar="NAME", help="the name to show for standard input")
    check.add_argument("--strict", action="store_true",
                       help="treat configuration warnings (rule ids that name no rule, silences that silence nothing) as errors: exit 2")

    rules = sub.add_parser("rules", help="list, show, test or document the rule set")
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="ACTION")
    listing = rules_sub.add_parser("list", help="list the rules")
    listing.add_argument("--rules", type=Path, action="append", default=[], metavar="DIR")
    show = rules_sub.add_parser("show", help="show one rule in full")
    show.add_argument("rule_id", metavar="ID")
    show.add_argument("--rules", type=Path, action="append", default=[], metavar="DIR")
    test = rules_sub.add_parser("test", help="run the rules' own flag/pass examples")
    test.add_argument("packs", nargs="*", type=Path, metavar="PACK", help="folders or files of your own packs (default: the shipped set)")
    docs = rules_sub.add_parser("docs", help="write the Markdown reference of every rule")
    docs.add_argument("-o", "--output", type=Path, default=Path("docs/rules.md"))
    docs.add_argument("--rules", type=Path, action="append", default=[], metavar="DIR")

    report = sub.add_parser("report", help="write the safeguard scorecard of drafts (or compare two versions)")
    report.add_argument("paths", nargs="+", metavar="DRAFT",
                        help="the drafts; two drafts are compared as the old and the new version of one text")
    report.add_argument("-o", "--output", type=Path, help="the file to write (default: standard output)")
    report.add_argument("--format", choices=("html", "md"), help="html (default, or from the output's suffix) or md")
    report.add_argument("--compare", action="store_true", help="compare two versions: OLD NEW (the default for two drafts)")
    report.add_argument("--separate", action="store_true", help="with two drafts, a scorecard of each instead of a comparison")
    report.add_argument("--config", type=Path, help="a .safeguard.yaml to use instead of the one found beside the draft")
    report.add_argument("--rules", type=Path, action="append", default=[], metavar="DIR", help="an extra folder of rule packs")
    report.add_argument("--strict", action="store_true", help="treat configuration warnings as errors: exit 2")

    against = sub.add_parser("compare", help="hold a draft against agreed language: each article beside the nearest provision of a reference")
    against.add_argument("draft", metavar="DRAFT")
    against.add_argument("--reference", required=True, metavar="TEXT",
                         help="the agreed instrument to compare with (UNTOC, Budapest, a previous treaty), as text or Markdown")
    against.add_argument("-o", "--output", type=Path, help="the file to write (default: standard output)")
    against.add_argument("--format", choices=("md", "html"), help="md (default) or html (the default for an output ending in .html)")
    against.add_argument("--config", type=Path, help="a .safeguard.yaml to use instead of the one found beside the draft")
    against.add_argument("--rules", type=Path, action="append", default=[], metavar="DIR", help="an extra folder of rule packs")

    annotate = sub.add_parser("annotate", help="write a copy of a Word draft with a comment on each finding")
    annotate.add_argument("path", type=Path, metavar="DRAFT", help="the Word draft (.docx); it is never changed")
    annotate.add_argument("-o", "--output", type=Path, required=True, help="the reviewed copy to write (.docx)")
    annotate.add_argument("--track-changes", action="store_true",
                          help="also insert the suggested clauses as tracked changes, to accept or reject in Word")
    annotate.add_argument("--author", default="safeguard-lsp", help="the name the comments and changes are signed with")
    annotate.add_argument("--config", type=Path, help="a .safeguard.yaml to use instead of the one found beside the draft")
    annotate.add_argument("--rules", type=Path, action="append", default=[], metavar="DIR", help="an extra folder of rule packs")
    annotate.add_argument("--select", default="", metavar="IDS", help="only these rules (comma-separated ids or prefixes)")
    annotate.add_argument("--ignore", default="", metavar="IDS", help="skip these rules (comma-separated ids or prefixes)")

    serve = sub.add_parser("serve", help="run the language server (stdio by default)")
    serve.add_argument("--stdio", action="store_true", help="talk over standard input and output (the default)")
    serve.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP socket instead")
    serve.add_argument("--log-file", type=Path, help="also write the server's log to this file")
    return parser


def _ids(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _print_errors(errors, stream=None) -> None:
    stream = stream or sys.stderr
    for error in errors:
        print(f"error: {error}", file=stream)


def _stops() -> tuple[Path, ...]:
    """Where the search for a .safeguard.yaml ends, and what bounds the rule
    folders it names: the current folder."""
    return (Path.cwd().resolve(),)


def _config_and_rules(args, path: Path, strict: bool, reported: set[str], rulesets, select=(), ignore=()):
    """(config, rule set, whether a problem is an error) for one draft: the
    --config file or the .safeguard.yaml found from the draft (the search
    ends at the current folder), with --select/--ignore; its packs with
    --rules; its problems printed once each."""
    from safeguard_lsp.checking import governing_config, with_selection

    config = with_selection(governing_config(path, _stops(), args.config), select, ignore)
    ruleset, failed = _rules_for(args, config, strict, reported, rulesets, select, ignore)
    return config, ruleset, failed


def _rules_for(args, config, strict: bool, reported: set[str], rulesets, select=(), ignore=()):
    """(rule set, whether a problem is an error): the rules ``config`` and
    --rules name, and the problems of both printed once each."""
    from safeguard_lsp.checking import config_problems

    ruleset = rulesets.get(list(args.rules) + list(config.packs))
    return ruleset, _print_problems(config_problems(config, ruleset, select, ignore), strict, reported)


def _print_problems(problems, strict: bool, reported: set[str]) -> bool:
    """Print configuration problems once each (warnings as errors when
    ``strict``); whether any of them is an error."""
    from dataclasses import replace

    from safeguard_lsp.config import ConfigWarning
    from safeguard_lsp.ruleset import display_path

    failed = False
    for problem in problems:
        if str(problem) in reported:
            continue
        reported.add(str(problem))
        level = "warning" if isinstance(problem, ConfigWarning) and not strict else "error"
        failed = failed or level == "error"
        if os.path.isabs(problem.path):  # the path as the user would type it
            problem = replace(problem, path=display_path(problem.path))
        print(f"{level}: {problem}", file=sys.stderr)
    return failed


def _outside_globs(item, named: set, config) -> bool:
    """Whether a file found by walking a folder is left out by the
    configuration's include/exclude globs (a file named on the command line
    is always checked)."""
    if item == "-" or Path(item) in named or config.path is None or not (config.include or config.exclude):
        return False
    from safeguard_lsp.scope import selected_by_globs

    return selected_by_globs(Path(item), config.path.parent, config.include, config.exclude) is False


def _not_a_draft(item, named: set, text: str, config) -> bool:
    """Whether a file found by walking a folder is not a draft (a README,
    notes): the same decision as the language server's (scope.py)."""
    if item == "-" or Path(item) in named:
        return False
    from safeguard_lsp.scope import is_draft

    base = config.path.parent if config.path is not None else None
    return not is_draft(Path(item), text, base, config.include, config.exclude)


# -- reading drafts ------------------------------------------------------
def _collect(paths: list[str]) -> tuple[list[Path | str], list[str]]:
    found: list[Path | str] = []
    problems: list[str] = []
    for raw in paths:
        if raw == "-":
            found.append("-")
            continue
        path = Path(raw)
        shown = one_line(raw)
        if path.is_dir():
            files = _drafts_in(path, problems)
            if not files:
                problems.append(f"{shown}: no drafts ({', '.join(SUFFIXES)}) in this folder")
            found.extend(files)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(f"{shown}: {_not_a_file(path)}")
    return found, problems


def _drafts_in(folder: Path, problems: list[str]) -> list[Path]:
    """The drafts in ``folder`` and below; a subfolder that cannot be read
    is named in ``problems`` (its drafts would otherwise be left out unseen)."""
    from safeguard_lsp.ruleset import display_path

    def unreadable(error: OSError) -> None:
        problems.append(f"{one_line(display_path(error.filename or folder))}: cannot read this folder "
                        f"({error.strerror or error}); its drafts are not checked")

    files = []
    for top, dirs, names in os.walk(folder, onerror=unreadable):
        dirs.sort()
        for name in names:
            path = Path(top, name)
            # "~$draft.docx" is the lock file Word keeps beside an open document.
            if path.suffix.lower() in SUFFIXES and not name.startswith("~$") and path.is_file():
                files.append(path)
    return sorted(files)


def _not_a_file(path: Path) -> str:
    """Why ``path`` (neither a file nor a folder) is not checked."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as exc:
        return f"cannot be examined: {exc.strerror or exc}"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a draft file; to check standard input, give - instead"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a draft file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a draft file"
    return "not a regular file or folder"


def decode_draft(data: bytes, shown: str) -> str:
    """The text of a draft file, or UsageError saying plainly why it cannot be read."""
    if b"\x00" in data[:8192]:
        from safeguard_lsp.documents import binary_hint

        raise UsageError(f"{shown}: this looks like a binary file, not a draft; {binary_hint(data)}; skipped")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UsageError(
            f"{shown}:{line}: the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be read); "
            "save it as UTF-8 and check it again; skipped"
        ) from None
    return text


def _read(item: Path | str, stdin_name: str) -> tuple[str, str]:
    shown, text, _document = read_source(item, stdin_name)
    return shown, text


def read_source(item: Path | str, stdin_name: str):
    """(shown path, text, Document or None): a Word, PDF or OpenDocument
    file is turned into text, with the map from the text to its pages or
    paragraphs; anything else is read as UTF-8 text."""
    if item == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise UsageError(f"{stdin_name}: standard input is closed; there is no draft to read from it")
        try:
            data = stream.read(MAX_DRAFT_BYTES + 1)
        except OSError as exc:
            raise UsageError(f"{stdin_name}: cannot read standard input: {exc.strerror or exc}") from None
        if len(data) > MAX_DRAFT_BYTES:
            raise UsageError(f"{stdin_name}: {_too_large()}")
        shown = stdin_name
    else:
        from safeguard_lsp.ruleset import display_path

        shown = display_path(item)
        try:
            with open(item, "rb") as stream:
                # Measured on the open file, before a byte is read.
                if os.fstat(stream.fileno()).st_size > MAX_DRAFT_BYTES:
                    raise UsageError(f"{shown}: {_too_large()}")
                data = stream.read(MAX_DRAFT_BYTES + 1)
        except OSError as exc:
            raise UsageError(f"{shown}: cannot read the file: {exc.strerror or exc}") from None
        if len(data) > MAX_DRAFT_BYTES:
            raise UsageError(f"{shown}: {_too_large()}")
    from safeguard_lsp.documents import document_format

    fmt = document_format(shown, data)
    if fmt is None:
        return shown, decode_draft(data, shown), None
    from safeguard_lsp.documents import DocumentError, read_document

    try:
        document = read_document(data, shown, fmt)
    except DocumentError as exc:
        raise UsageError(str(exc)) from None
    for note in document.notes:
        print(f"warning: {note}", file=sys.stderr)
    return shown, document.text, document


def _too_large() -> str:
    return (f"larger than {MAX_DRAFT_BYTES // (1024 * 1024)} MB, the most a draft may have; "
            "not read (split it, or check its parts); skipped")


# -- commands -------------------------------------------------------------
def _load_ruleset(extra: list[Path]):
    from safeguard_lsp.ruleset import RuleSet

    return RuleSet.load(extra)


def cmd_check(args) -> int:
    items, problems = _collect(args.paths)
    run = _CheckRun(args, len(items))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
        run.status = EXIT_USAGE
    if args.config is not None and not args.config.is_file():
        print(f"error: {args.config}: no such configuration file", file=sys.stderr)
        return EXIT_USAGE
    from safeguard_lsp.reading import disk

    disk.keep_for_next_run()  # what each draft's articles read, for the next `check` of the same drafts
    for item in items:
        run.progress.advance(str(item))
        # No name holds the checked draft: with text and JSON, memory holds
        # one draft at a time.
        run.write(run.check(item))
        disk.save()
    run.progress.close()
    return run.finish()


class _CheckRun:
    """One `check` command across its drafts: what it has printed, found
    and skipped so far, and its exit status."""

    def __init__(self, args, count: int) -> None:
        from safeguard_lsp.checking import RuleSetsByFolders
        from safeguard_lsp.terminal import Progress

        self.args = args
        self.format = args.format or ("pretty" if sys.stdout.isatty() else "text")
        self.select, self.ignore = _ids(args.select), _ids(args.ignore)
        self.status = EXIT_OK
        self.rulesets = RuleSetsByFolders()
        self.reported: set[str] = set()
        self.named = {Path(p) for p in args.paths}
        self.skipped: list[str] = []  # files of a folder that do not read as drafts (a README)
        # per configuration file: the article numbers of the drafts it governed
        self.governed: dict[str, tuple[object, set[str], list[str]]] = {}
        # the severities of every finding, for the exit status (--min-severity only hides)
        self.severities: set[str] = set()
        self.total = self.files = 0
        self.kept: list = []  # for SARIF and the grouped terminal output, which need them all
        self.json_out = _JsonArray()
        # a bar for a folder of more than a few drafts, on a terminal only
        self.progress = Progress(count, self.format == "pretty" and count > 5 and sys.stderr.isatty())

    def check(self, item):
        """The checked draft of ``item``, or None when it is left out or cannot be read."""
        from safeguard_lsp.checking import check_source, governing_config, with_selection
        from safeguard_lsp.engine import UNKNOWN_RULE_NOTICE
        from safeguard_lsp.gcpause import untie_when_dropped

        args = self.args
        config = governing_config(Path.cwd() if item == "-" else Path(item), _stops(), args.config)
        if _outside_globs(item, self.named, config):
            return None
        try:
            shown, text, document = read_source(item, args.stdin_filename)
        except UsageError as exc:
            print(f"error: {one_line(str(exc))}", file=sys.stderr)
            self.status = EXIT_USAGE
            return None
        if _not_a_draft(item, self.named, text, config):
            self.skipped.append(shown)
            return None
        config = with_selection(config, self.select, self.ignore)
        ruleset, failed = _rules_for(args, config, args.strict, self.reported, self.rulesets, self.select, self.ignore)
        if failed:
            self.status = EXIT_USAGE
        checked = check_source(text, path=shown, config=config, ruleset=ruleset, source=document, alternatives=True)
        # Freed by reference counting once written, not at the collector's
        # rare full pass: memory then holds one draft, not a folder's.
        untie_when_dropped(checked.draft)
        self.severities.update(f.severity for f in checked.findings)
        if config.silences:
            _, numbers, names = self.governed.setdefault(str(config.path), (config, set(), []))
            numbers.update(a.number for a in checked.draft.articles if a.number)
            names.append(shown)
        if args.strict and any(n.code == UNKNOWN_RULE_NOTICE for n in checked.notices):
            self.status = EXIT_USAGE
        if args.min_severity != "hint":
            from safeguard_lsp.terminal import keep_at_least

            keep_at_least([checked], args.min_severity)
        return checked

    def write(self, checked) -> None:
        """Text and JSON are written draft by draft, so that memory holds one
        draft at a time, not all of them; SARIF and the grouped terminal
        output need them all at the end."""
        if checked is None:
            return
        from safeguard_lsp.output import as_json, as_text

        self.total += len(checked.findings)
        self.files += 1
        if self.format == "text":
            text = as_text([checked])
            if text:
                print(text)
        elif self.format == "json":
            self.json_out.add(as_json([checked]))
        else:
            self.kept.append(checked)

    def finish(self) -> int:
        """Print what is left (the notes, the formats written at the end) and
        return the exit status."""
        from safeguard_lsp.configcheck import missing_article_problems

        self._note_skipped()
        for config, numbers, names in self.governed.values():
            if _print_problems(missing_article_problems(config, numbers, names), self.args.strict, self.reported):
                self.status = EXIT_USAGE
        self._write_collected()
        threshold = SEVERITY_RANK[self.args.fail_level]
        reached = any(SEVERITY_RANK[severity] <= threshold for severity in self.severities)
        if self.status == EXIT_OK and reached:
            self.status = EXIT_FINDINGS
        return self.status

    def _note_skipped(self) -> None:
        skipped = self.skipped
        if not skipped:
            return
        names = ", ".join(skipped[:5]) + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")
        print(f"note: skipped {len(skipped)} file{'s' * (len(skipped) != 1)} that do{'es' * (len(skipped) == 1)} not "
              f"read as a draft: {names} (name a file on the command line, or list it under include: in "
              ".safeguard.yaml, to check it)", file=sys.stderr)

    def _write_collected(self) -> None:
        """The end of the output: JSON's closing bracket, SARIF, the grouped
        terminal output, or the count of findings after text."""
        if self.format == "json":
            self.json_out.close()
        elif self.format == "sarif":
            from safeguard_lsp.output import as_sarif

            print(as_sarif(self.kept, self.rulesets.first() or self.rulesets.get(list(self.args.rules))))
        elif self.format == "pretty":
            _write_pretty(self.kept)
        elif sys.stdout.isatty() or self.total:
            total, files = self.total, self.files
            print(f"{total} finding{'s' * (total != 1)} in {files} draft{'s' * (files != 1)}.", file=sys.stderr)


def _write_pretty(checked: list) -> None:
    from safeguard_lsp import terminal

    if terminal.use_colour():
        terminal.render_rich(checked)
    else:
        import shutil

        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else terminal.PLAIN_WIDTH
        sys.stdout.write(terminal.render_plain(checked, width))


class _JsonArray:
    """One JSON array written piece by piece: each piece is the array of one
    draft as output.as_json writes it (indented by 2); the bytes are those of
    the whole array written at once."""

    def __init__(self) -> None:
        self.started = False

    def add(self, array: str) -> None:
        inner = array[2:-2]  # between "[\n" and "\n]"; "[]" has none
        if not inner:
            return
        sys.stdout.write(",\n" if self.started else "[\n")
        sys.stdout.write(inner)
        self.started = True

    def close(self) -> None:
        sys.stdout.write("\n]\n" if self.started else "[]\n")


def cmd_rules(args) -> int:
    if args.rules_command is None:
        print("usage: safeguard-lsp rules {list,show,test,docs}", file=sys.stderr)
        return EXIT_USAGE
    if args.rules_command == "test":
        return _rules_test(args)
    ruleset = _load_ruleset(list(getattr(args, "rules", []) or []))
    status = EXIT_OK
    if ruleset.errors:
        _print_errors(ruleset.errors)
        status = EXIT_USAGE
    if args.rules_command == "list":
        for rule in ruleset.rules:
            print(f"{rule.id:32} {rule.severity:11} {rule.category:22} {rule.title}")
        print(f"{len(ruleset.rules)} rules in {len(ruleset.packs)} packs.", file=sys.stderr)
        return status
    if args.rules_command == "show":
        rule = ruleset.rule(args.rule_id)
        if rule is None:
            print(f"error: no rule {args.rule_id!r}; `safeguard-lsp rules list` shows them all", file=sys.stderr)
            return EXIT_USAGE
        from safeguard_lsp.rulesdoc import rule_markdown
        from safeguard_lsp.terminal import show_markdown, use_colour

        if use_colour():  # rendered on a terminal; the Markdown itself when piped
            show_markdown(rule_markdown(rule, ruleset))
        else:
            print(rule_markdown(rule, ruleset))
        return status
    if args.rules_command == "docs":
        from safeguard_lsp.rulesdoc import rules_markdown

        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(rules_markdown(ruleset), encoding="utf-8")
        print(f"wrote {args.output} ({len(ruleset.rules)} rules)", file=sys.stderr)
        return status
    return EXIT_USAGE


def _rules_test(args) -> int:
    from safeguard_lsp.ruleset import RuleSet
    from safeguard_lsp.selftest import test_rules

    dirs: list[Path] = []
    for pack in args.packs:
        if not pack.exists():
            print(f"error: {pack}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
        dirs.append(pack if pack.is_dir() else pack.parent)
    ruleset = RuleSet.load(dirs)
    status = EXIT_OK
    if ruleset.errors:
        _print_errors(ruleset.errors)
        status = EXIT_USAGE
    selected = None
    if args.packs:
        wanted = {str(p.resolve()) for p in args.packs}
        selected = set()
        for pack in ruleset.packs:
            resolved = str(Path(pack.path).resolve())
            if any(resolved == w or resolved.startswith(w.rstrip(os.sep) + os.sep) for w in wanted):
                selected.update(pack.rule_ids)
    tested, failures = test_rules(ruleset, selected)
    for failure in failures:
        print(f"FAIL {failure}")
    examples = sum(len(r.flag_examples) + len(r.pass_examples) for r in ruleset.rules if selected is None or r.id in selected)
    print(f"{tested} rules, {examples} examples: {len(failures)} failed.")
    if failures and status == EXIT_OK:
        status = EXIT_FINDINGS
    return status


def cmd_report(args) -> int:
    from safeguard_lsp.checking import RuleSetsByFolders
    from safeguard_lsp.report import compare

    if args.compare and len(args.paths) != 2:
        print("error: --compare takes two drafts: the old version, then the new one", file=sys.stderr)
        return EXIT_USAGE
    if args.compare and args.separate:
        print("error: --compare and --separate exclude each other", file=sys.stderr)
        return EXIT_USAGE
    # `report OLD NEW`: two versions of one text, compared.
    args.compare = args.compare or (len(args.paths) == 2 and not args.separate)
    fmt = args.format or ("md" if args.output and args.output.suffix.lower() in (".md", ".markdown") else "html")
    status = EXIT_OK
    cards = []
    reported: set[str] = set()
    rulesets = RuleSetsByFolders()
    for raw in args.paths:
        try:
            card, failed = _scorecard_of(raw, args, args.strict, reported, rulesets)
        except UsageError as exc:
            print(f"error: {one_line(str(exc))}", file=sys.stderr)
            return EXIT_USAGE
        if failed:
            status = EXIT_USAGE
        cards.append(card)
    if fmt == "html":
        from safeguard_lsp.report_html import render_comparison, render_scorecards

        output = render_comparison(compare(*cards)) if args.compare else render_scorecards(cards)
    else:
        from safeguard_lsp.report_markdown import comparison_markdown, scorecard_markdown

        output = comparison_markdown(compare(*cards)) if args.compare else "\n".join(scorecard_markdown(c) for c in cards)
    _write_output(args.output, output)
    return status


def _write_output(path: Path | None, text: str) -> None:
    """A report to the file --output names, else to standard output."""
    if path:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def _scorecard_of(raw: str, args, strict: bool, reported: set[str], rulesets):
    """The scorecard of one file and whether its rules or configuration had
    an error (printed), or UsageError."""
    from safeguard_lsp.checking import check_source
    from safeguard_lsp.report import build_scorecard

    path = Path(raw)
    if not path.is_file():
        raise UsageError(f"{raw}: no such file")
    shown, text = _read(path, raw)
    config, ruleset, failed = _config_and_rules(args, path, strict, reported, rulesets)
    checked = check_source(text, path=shown, config=config, ruleset=ruleset, alternatives=True)
    return build_scorecard(shown, checked.draft, ruleset, checked.result), failed


def cmd_compare(args) -> int:
    from safeguard_lsp.checking import RuleSetsByFolders
    from safeguard_lsp.report_reference import hold_against, reference_html, reference_markdown

    reported: set[str] = set()
    rulesets = RuleSetsByFolders()
    try:
        draft, draft_failed = _scorecard_of(args.draft, args, False, reported, rulesets)
        reference, reference_failed = _scorecard_of(args.reference, args, False, reported, rulesets)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    fmt = args.format or ("html" if args.output and args.output.suffix.lower() in (".html", ".htm") else "md")
    render = reference_html if fmt == "html" else reference_markdown
    _write_output(args.output, render(draft, reference, hold_against(draft, reference)))
    return EXIT_USAGE if draft_failed or reference_failed else EXIT_OK


def cmd_annotate(args) -> int:
    from safeguard_lsp.annotate import annotate
    from safeguard_lsp.checking import RuleSetsByFolders, check_source

    if not args.path.is_file():
        print(f"error: {args.path}: no such file", file=sys.stderr)
        return EXIT_USAGE
    if args.output.exists() and args.output.resolve() == args.path.resolve():
        print(f"error: {args.output}: the reviewed copy must be another file: the draft itself is never changed",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        shown, text, document = read_source(args.path, str(args.path))
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if document is None or document.format != "docx":
        print(f"error: {shown}: annotate writes Word comments, so it reads Word drafts (.docx) only; "
              "`safeguard-lsp check` reads the other formats", file=sys.stderr)
        return EXIT_USAGE
    config, ruleset, failed = _config_and_rules(args, args.path, False, set(), RuleSetsByFolders(),
                                          _ids(args.select), _ids(args.ignore))
    checked = check_source(text, path=shown, config=config, ruleset=ruleset, source=document)
    done = annotate(document, checked.draft, checked.findings, ruleset, track_changes=args.track_changes,
                    author=args.author)
    try:
        document.source.save(str(args.output))
    except OSError as exc:
        print(f"error: {args.output}: cannot write the reviewed copy: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    summary = f"wrote {args.output}: {done.comments} comment{'s' * (done.comments != 1)}"
    if args.track_changes:
        summary += f", {done.changes} suggested change{'s' * (done.changes != 1)} tracked"
    print(summary, file=sys.stderr)
    for reason in done.not_placed:
        print(f"note: not tracked: {reason}", file=sys.stderr)
    return EXIT_USAGE if failed else EXIT_OK


def cmd_serve(args) -> int:
    from safeguard_lsp.server.main import run

    return run(tcp=args.tcp, log_file=args.log_file)


def main(argv: list[str] | None = None) -> int:
    status = _main(argv)
    # What is left in standard output is written now, where a failure can
    # still be reported (at exit Python would print a traceback instead).
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return _closed_output()
    except OSError as exc:
        print(f"error: the output cannot be written: {exc.strerror or exc}", file=sys.stderr)
        _closed_output()  # nothing more can reach it: Python must not try again at exit
        return EXIT_USAGE
    return status


COMMANDS = {"check": cmd_check, "rules": cmd_rules, "report": cmd_report, "compare": cmd_compare,
            "annotate": cmd_annotate, "serve": cmd_serve}


def _main(argv: list[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors already
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _closed_output()
    except MemoryError:
        print("error: out of memory; check fewer or smaller drafts at a time", file=sys.stderr)
        return EXIT_INTERNAL
    except OSError as exc:  # a full disk, a lost terminal, a folder that vanished
        if exc.filename:
            print(f"error: {one_line(str(exc.filename))}: {exc.strerror or exc}", file=sys.stderr)
        else:
            print(f"error: the output cannot be written: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception:
        import traceback

        traceback.print_exc()
        print(f"internal error: safeguard-lsp {__version__} failed (exit status {EXIT_INTERNAL}); this is a bug: "
              "please report it with the command you ran and the traceback above", file=sys.stderr)
        return EXIT_INTERNAL


def _closed_output() -> int:
    """The reader went away (`check ... | head`): not an error. Standard
    output is pointed at nothing, so that Python's flush at exit is quiet."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
