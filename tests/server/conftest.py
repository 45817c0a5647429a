"""Fixtures: the server started as `python -m safeguard_lsp serve`, spoken to
over stdio by pytest-lsp's client, with two capability profiles:

- ``neovim``: offers UTF-8 positions first (so UTF-8 is chosen) and takes
  pushed diagnostics;
- ``vscode``: UTF-16 only, and pulls diagnostics.

One server per profile is shared by the tests of a module; tests that change
settings or rule files start their own.
"""

from __future__ import annotations

import sys

import pytest
import pytest_lsp
from lsprotocol import converters, types
from pytest_lsp import ClientServerConfig, LanguageClient
from pygls.protocol import default_converter
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from .helpers import RULES, Session

SERVER = [sys.executable, "-m", "safeguard_lsp", "serve"]
TEST_SETTINGS = {"rulePaths": [str(RULES)], "select": ["TEST-"], "debounce": 150}


def capabilities(profile: str) -> types.ClientCapabilities:
    neovim = profile == "neovim"
    raw = {
        "general": {"positionEncodings": ["utf-8", "utf-16"] if neovim else ["utf-16"]},
        "window": {"workDoneProgress": True, "showMessage": {}},
        "workspace": {
            "configuration": True,
            "workspaceFolders": True,
            "didChangeConfiguration": {"dynamicRegistration": False},
            "didChangeWatchedFiles": {"dynamicRegistration": True},
            "workspaceEdit": {"documentChanges": True, "resourceOperations": ["create", "rename", "delete"]},
            "codeLens": {"refreshSupport": True},
            "symbol": {},
        },
        "textDocument": {
            "synchronization": {"didSave": True},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "completion": {"completionItem": {"snippetSupport": True, "documentationFormat": ["markdown", "plaintext"]}},
            "codeAction": {
                "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["", "quickfix", "source", "source.fixAll"]}},
                "isPreferredSupport": True,
                "dataSupport": True,
            },
            "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
            "publishDiagnostics": {"versionSupport": True, "relatedInformation": True,
                                   "codeDescriptionSupport": True, "dataSupport": True},
            "foldingRange": {},
            "definition": {},
            "references": {},
            "codeLens": {},
        },
    }
    if not neovim:
        raw["textDocument"]["diagnostic"] = {"dynamicRegistration": False, "relatedDocumentSupport": False}
        # VS Code resolves a chosen code action's edit lazily.
        raw["textDocument"]["codeAction"]["resolveSupport"] = {"properties": ["edit"]}
        raw["workspace"]["diagnostics"] = {"refreshSupport": True}
    return converters.get_converter().structure(raw, types.ClientCapabilities)


def recording_client() -> LanguageClient:
    """pytest-lsp's client, also keeping every publishDiagnostics (not only
    the latest per document) and accepting dynamic registrations."""
    features = dict(DEFAULT_CLIENT_FEATURES)
    features.pop(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, None)
    client = LanguageClient(converter_factory=default_converter)
    register_lsp_features(client, features)
    client.published = []
    client.registrations = []

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams):
        client.published.append(params)
        client.diagnostics[params.uri] = params.diagnostics

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def on_register(params: types.RegistrationParams):
        client.registrations.extend(params.registrations)
        return None

    @client.feature(types.WORKSPACE_CODE_LENS_REFRESH)
    def on_code_lens_refresh(params):
        client.code_lens_refreshes = getattr(client, "code_lens_refreshes", 0) + 1
        return None

    return client


CONFIG = ClientServerConfig(server_command=SERVER, client_factory=recording_client)


async def start(client: LanguageClient, profile: str, root, settings: dict, *, init_options=None) -> Session:
    client.set_configuration(settings, section="safeguard")
    await client.initialize_session(types.InitializeParams(
        capabilities=capabilities(profile),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        root_uri=root.as_uri(),
        initialization_options=init_options,
    ))
    return Session(client, profile, "utf-8" if profile == "neovim" else "utf-16", pull=profile == "vscode")


@pytest.fixture(scope="session")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("workspace")
    (root / "on-disk.md").write_text(
        "# On disk\n\n## Article 1. Offences\n\nEach Party shall criminalise fake news.\n", encoding="utf-8")
    (root / "notes.bin").write_bytes(b"\x00\x01binary")
    return root


@pytest_lsp.fixture(config=CONFIG, scope="session", params=["neovim", "vscode"])
async def shared_server(client: LanguageClient, request, workspace):
    """A shared server per profile, set up for the test rule pack."""
    session = await start(client, request.param, workspace, dict(TEST_SETTINGS))
    session.root = workspace
    client.session = session
    yield
    await client.shutdown_session()


@pytest.fixture(scope="session")
def session(shared_server) -> Session:
    return shared_server.session


@pytest_lsp.fixture(config=CONFIG)
async def fresh(client: LanguageClient):
    """A server of its own, for tests that change settings or rule files; the
    test calls `await start(fresh, ...)` itself."""
    yield
    await client.shutdown_session()
