"""The server's features, one module per LSP feature, each with a
``register(server)`` that registers its handlers (see ../app.py)."""
