from safeguard_lsp.cli import main

raise SystemExit(main())
