"""safeguard-lsp: checks draft cybercrime treaties and laws for human-rights safeguards."""

__version__ = "0.1.0"
