"""A progress bar in the editor (window/workDoneProgress) for the long
jobs: reloading the rules, checking the whole workspace. An editor that
cannot show one gets none (the token is then None)."""

from __future__ import annotations

import logging
import uuid

from lsprotocol import types

log = logging.getLogger("safeguard_lsp.server")


async def begin_progress(ls, title: str) -> str | None:
    if not ls.client.work_done_progress:
        return None
    token = f"safeguard-{uuid.uuid4()}"
    try:
        await ls.work_done_progress.create_async(token)
    except Exception as exc:
        log.info("the editor refused a progress bar: %s", exc)
        return None
    ls.work_done_progress.begin(token, types.WorkDoneProgressBegin(title=title, percentage=0))
    return token


def report_progress(ls, token: str | None, message: str, percentage: int) -> None:
    if token is not None:
        ls.work_done_progress.report(token, types.WorkDoneProgressReport(message=message, percentage=percentage))


def end_progress(ls, token: str | None) -> None:
    if token is not None:
        ls.work_done_progress.end(token, types.WorkDoneProgressEnd())
