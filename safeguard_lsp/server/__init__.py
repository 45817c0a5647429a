"""The language server (pygls). Nothing outside this package imports pygls:
`safeguard-lsp check` must start without it."""
