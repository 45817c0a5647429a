-- The Neovim plugin layout, as lazy.nvim loads it: the spec's config function
-- adds editor-configs/neovim to the runtimepath and calls
-- require('safeguard').setup(opts). Run by tests/editors/test_neovim_plugin.py:
--
--   nvim --headless --clean -c 'luafile neovim_plugin.lua'
--
-- $SAFEGUARD_PLUGIN_DIR is the plugin folder, $SAFEGUARD_DRAFT the draft to open.
-- Prints PASS with the findings by rule, or FAIL and why (exit status 1).
local function finish(ok, msg)
  io.stdout:write((ok and 'PASS ' or 'FAIL ') .. msg .. '\n')
  io.stdout:flush()
  vim.cmd(ok and 'qall!' or 'cquit 1')
end

local ok, err = pcall(function()
  -- What the lazy.nvim spec of editor-configs/neovim/README.md does.
  vim.opt.rtp:append(vim.env.SAFEGUARD_PLUGIN_DIR)
  require('safeguard').setup({ settings = { safeguard = { rules = { ['SG-WEAK-MAY'] = 'off' } } } })
end)
if not ok then
  finish(false, 'setup: ' .. tostring(err))
end

vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.SAFEGUARD_DRAFT))
local buf = vim.api.nvim_get_current_buf()
local function ours()
  return vim.tbl_filter(function(d) return d.source == 'safeguard' end, vim.diagnostic.get(buf))
end
if not vim.wait(60000, function() return #ours() > 0 end, 100) then
  finish(false, 'no diagnostics within 60 s')
end
local rules = {}
for _, d in ipairs(ours()) do
  rules[tostring(d.code)] = (rules[tostring(d.code)] or 0) + 1
end
finish(true, vim.json.encode(rules))
