-- safeguard-lsp for Neovim 0.11 and later.
--
-- Put this file in your config as  lsp/safeguard.lua  (for example
-- ~/.config/nvim/lsp/safeguard.lua) and add one line to your init.lua:
--
--     vim.lsp.enable('safeguard')
--
-- Open a .txt or .md draft: findings appear as diagnostics, K shows the cited
-- provisions, and the quick fixes (gra, or :lua vim.lsp.buf.code_action())
-- insert model wording.
return {
  cmd = { 'safeguard-lsp', 'serve' },
  filetypes = { 'text', 'markdown' },
  -- The folder holding .safeguard.yaml (or the git repository) is the workspace.
  root_markers = { '.safeguard.yaml', '.git' },
  -- Passed to the server as the "safeguard" settings; every key is optional.
  -- See editor-configs/neovim/README.md for the list.
  settings = {
    safeguard = {
      -- rules = { ['SG-WEAK-MAY'] = 'off', ['SG-ACCESS-INTENT'] = 'error' },
      -- rulePaths = { 'coalition-rules' },
      -- debounce = 150,
      -- codeLens = true,
    },
  },
}
