"""Write the server's settings into the extension's manifest.

The server's settings (keys, defaults, JSON schemas, descriptions) are
defined once, in safeguard_lsp/server/settings.py. This script copies them
into package.json (contributes.configuration), beside the two settings that
belong to the extension itself (EXTENSION_SETTINGS below). Run it after
changing settings.py, from the repository root:

    python editor-configs/vscode/scripts/sync_settings.py

tests/editors/test_vscode_manifest.py fails while the two disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MANIFEST = Path(__file__).resolve().parents[1] / "package.json"

# Read by the extension, never sent to the server (src/settings.ts).
EXTENSION_SETTINGS = {
    "safeguard.server.path": {
        "type": "string",
        "default": "",
        "scope": "machine-overridable",
        "description": "The safeguard-lsp program to run. Empty: safeguard-lsp on the PATH, else `python -m safeguard_lsp` with the interpreter chosen in the Python extension.",
    },
    "safeguard.trace.server": {
        "type": "string",
        "enum": ["off", "messages", "verbose"],
        "default": "off",
        "scope": "window",
        "description": "Log the messages between VS Code and the server in the Output panel (channel \"Safeguard\"), to report a problem.",
    },
}


def server_properties() -> dict:
    from safeguard_lsp.server.settings import SETTINGS

    properties = {}
    for key, setting in SETTINGS.items():
        properties[key] = {**setting.schema, "default": setting.default, "description": setting.description}
    return properties


def expected_properties() -> dict:
    properties = {**server_properties(), **EXTENSION_SETTINGS}
    for order, entry in enumerate(properties.values()):
        entry["order"] = order
    return properties


def main() -> int:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    manifest["contributes"]["configuration"]["properties"] = expected_properties()
    MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(expected_properties())} settings into {MANIFEST}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
