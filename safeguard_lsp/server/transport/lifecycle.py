"""The specification's lifecycle, where pygls does not keep it.

Before ``initialize`` a request is answered ServerNotInitialized (-32002) and
a notification dropped (pygls served it, after waiting for settings that
could not come); after ``shutdown`` a request is answered InvalidRequest
(-32600) and a notification other than ``exit`` dropped (pygls left the
request unanswered, so the editor waited for ever).
"""

from __future__ import annotations

import hmac
import logging

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidRequest, JsonRpcServerNotInitialized

log = logging.getLogger(__name__)


class Lifecycle:
    def __init__(self) -> None:
        self.initialize_seen = False
        self.shut_down = False
        # Over TCP (tcp.py): the token initialize must carry.
        self.token: str | None = None

    def refuses(self, protocol, message) -> bool:
        """True when ``message`` is answered (or dropped) here, not served."""
        method = getattr(message, "method", None)
        if method is None:
            return False  # a response to one of our requests
        is_request = getattr(message, "id", None) is not None
        if method == types.INITIALIZE:
            if self.token is not None and not self._token_given(message):
                log.warning("initialize without the server's token refused")
                if is_request:
                    protocol.send_error(message.id, JsonRpcInvalidRequest(
                        "this server listens on TCP and needs its token: send it as "
                        "initializationOptions.token"))
                return True
            self.initialize_seen = True
            return False
        if method == types.EXIT:
            return False
        if not self.initialize_seen:
            if is_request:
                log.warning("request %r before initialize refused", method)
                protocol.send_error(message.id, JsonRpcServerNotInitialized(
                    f"{method} was sent before initialize"))
            return True
        if self.shut_down:
            if is_request:
                log.warning("request %r after shutdown refused", method)
                protocol.send_error(message.id, JsonRpcInvalidRequest(
                    f"{method} was sent after shutdown; only exit is accepted"))
            return True
        if method == types.SHUTDOWN:
            self.shut_down = True
        return False

    def _token_given(self, message) -> bool:
        params = getattr(message, "params", None)
        return token_matches(self.token, getattr(params, "initialization_options", None))


def token_matches(expected: str, options) -> bool:
    given = options.get("token") if isinstance(options, dict) else None
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())
