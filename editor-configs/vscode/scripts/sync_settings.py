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
    # Scope "window", not "machine-overridable": in a remote window (Remote-SSH,
    # WSL, code-server) VS Code ignores a machine-overridable value from User
    # settings. A workspace cannot set them while it is untrusted
    # (capabilities.untrustedWorkspaces.restrictedConfigurations in package.json).
    "safeguard.server.path": {
        "type": "string",
        "default": "",
        "scope": "window",
        "description": "The safeguard-lsp program to run. Empty: safeguard-lsp on the PATH, else `python -m safeguard_lsp` with the interpreter chosen in the Python extension if it has safeguard-lsp installed, else the server bundled with the extension, installed on first start into a private environment.",
    },
    "safeguard.server.python": {
        "type": "string",
        "default": "",
        "scope": "window",
        "description": "The Python (3.11 or later) with which the extension sets up its bundled server when safeguard-lsp is not found. Empty: the Python extension's interpreter, else python3 on the PATH.",
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
