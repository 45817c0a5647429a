"""The editor's settings as they reach the server: ``initializationOptions``,
then ``workspace/configuration`` (asked at start and whenever
``workspace/didChangeConfiguration`` says they changed). What the settings
are, their defaults and checks, is settings.py; how they combine with a
draft's .safeguard.yaml, draft_config.py.
"""

from __future__ import annotations

import asyncio
import logging

from lsprotocol import types

from .. import settings as settings_mod
from ..file_problems import report_file_problems
from ..handlers import guarded

log = logging.getLogger("safeguard_lsp.server")

# How long the settings (workspace/configuration) are waited for before the
# defaults are used; an answer that comes later is applied then.
CONFIGURATION_TIMEOUT = 2.0


def register(server) -> None:
    server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(guarded(did_change_configuration))


async def did_change_configuration(ls, params: types.DidChangeConfigurationParams):
    if ls.client.configuration:
        await fetch_settings(ls)
    elif isinstance(params.settings, dict):
        ls.client_settings = params.settings
    old_paths = ls.configs.settings.rule_paths
    apply_settings(ls)
    if ls.configs.settings.rule_paths != old_paths:
        await asyncio.get_running_loop().run_in_executor(ls.checker, ls.rulesets.get, ls.configs.rule_paths(None))
        report_file_problems(ls)
    check_rule_settings(ls)
    ls.recheck_all()


def apply_settings(ls) -> None:
    raw = settings_mod.merge(settings_mod.section_of(ls.init_options), settings_mod.section_of(ls.client_settings))
    parsed, problems = settings_mod.parse(raw)
    ls.configs.settings = parsed
    ls.configs.invalidate()
    for problem in problems:
        ls.warn_user(problem)
    ls.generation += 1


async def fetch_settings(ls) -> None:
    if not ls.client.configuration:
        return
    asked = asyncio.ensure_future(ls.workspace_configuration_async(
        types.ConfigurationParams(items=[types.ConfigurationItem(section=settings_mod.SECTION)])))
    try:
        result = await asyncio.wait_for(asyncio.shield(asked), CONFIGURATION_TIMEOUT)
    except asyncio.TimeoutError:
        # Requests must not wait on an editor that never answers: the
        # defaults now, the editor's settings if they come later.
        ls.warn_user(f"The editor did not send its settings (workspace/configuration) within "
                     f"{CONFIGURATION_TIMEOUT:g} s; safeguard-lsp uses its defaults until they come.")
        asked.add_done_callback(lambda late: _late_settings(ls, late))
        return
    except Exception as exc:  # the client may refuse; defaults then
        log.warning("the editor did not give its settings (%s); using the defaults", exc)
        return
    _take_settings(ls, result)


def _late_settings(ls, asked: asyncio.Future) -> None:
    if asked.cancelled() or asked.exception() is not None:
        return
    log.info("the editor's settings came late; applying them")
    _take_settings(ls, asked.result())
    apply_settings(ls)
    ls.recheck_all()


def _take_settings(ls, result) -> None:
    if result and isinstance(result[0], dict):
        ls.client_settings = result[0]
    elif result and result[0] is None:
        ls.client_settings = {}


def check_rule_settings(ls) -> None:
    """Editor settings naming rules that do not exist (a typo silently
    disables nothing)."""
    known = ls.rulesets.rule_ids()
    if known is None:
        return
    for rule_id in ls.configs.settings.rules:
        if rule_id not in known:
            ls.warn_user(f"The setting safeguard.rules names the rule {rule_id}, which does not exist; "
                         "it has no effect.")
