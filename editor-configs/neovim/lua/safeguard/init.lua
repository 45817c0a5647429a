-- safeguard-lsp as a Neovim plugin (0.11 and later), for plugin managers such
-- as lazy.nvim: this folder (editor-configs/neovim) is the plugin; its
-- lsp/safeguard.lua is the server's configuration and this module enables it.
--
--   require('safeguard').setup({
--     settings = { safeguard = { rules = { ['SG-WEAK-MAY'] = 'off' } } },
--     -- cmd = { '/path/to/safeguard-lsp', 'serve' },  -- if it is not on the PATH
--   })
--
-- Every option is optional; they are merged over lsp/safeguard.lua with
-- vim.lsp.config, so any field of a vim.lsp.Config may be given.
local M = {}

function M.setup(opts)
  if vim.fn.has('nvim-0.11') ~= 1 then
    vim.notify('safeguard: this plugin needs Neovim 0.11 or later; for 0.8-0.10 use '
      .. 'editor-configs/neovim/safeguard-nvim-0.8-0.10.lua', vim.log.levels.ERROR)
    return
  end
  if #vim.api.nvim_get_runtime_file('lsp/safeguard.lua', false) == 0 then
    vim.notify('safeguard: lsp/safeguard.lua is not on the runtimepath; add the folder '
      .. 'editor-configs/neovim of safeguard-lsp to it (see its README)', vim.log.levels.ERROR)
    return
  end
  if opts and next(opts) ~= nil then
    vim.lsp.config('safeguard', opts)
  end
  vim.lsp.enable('safeguard')
end

return M
