-- Issue 23, item 1, in a real headless Neovim with the shipped config: the
-- report action and the .safeguard.yaml silence must not write through a
-- link to a file outside the repository. Run by test_neovim_writes.py with
-- $SAFEGUARD_DRAFT (a .md draft beside a linked draft.safeguard.html) and
-- $SAFEGUARD_PLAIN (a .txt draft beside a linked .safeguard.yaml). The
-- actions are chosen as a user does (vim.lsp.buf.code_action with apply);
-- Python then checks the linked files are intact.

local TIMEOUT = tonumber(vim.env.SAFEGUARD_TIMEOUT or '60000')

local function say(msg)
  io.stdout:write(msg .. '\n')
  io.stdout:flush()
end

local function fail(msg)
  say('FAIL: ' .. msg)
  vim.cmd('cquit 1')
end

local notified = {}
vim.notify = function(msg, level)
  table.insert(notified, tostring(msg))
  say('   notify: ' .. tostring(msg))
end

-- Neovim applies documentChanges and file creations but does not announce
-- documentChanges; users' configs commonly add it (and the server then offers
-- the report and the config silence), as here.
vim.lsp.config('safeguard', {
  capabilities = { workspace = { workspaceEdit = { documentChanges = true } } },
})
vim.lsp.enable('safeguard')

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  local client
  local ok = vim.wait(TIMEOUT, function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'safeguard' })[1]
    return client ~= nil and client.initialized
  end, 50)
  if not ok then fail('no safeguard client attached to ' .. path) end
  local got = vim.wait(TIMEOUT, function()
    return #vim.diagnostic.get(buf) > 0
  end, 50)
  if not got then fail('no diagnostics for ' .. path) end
  return buf, client
end

-- Choose every action the filter keeps, as :lua vim.lsp.buf.code_action() does.
local function choose(context, filter, range)
  vim.lsp.buf.code_action({ context = context, filter = filter, apply = true, range = range })
  vim.wait(3000, function() return false end, 50) -- the edit, if any, is applied meanwhile
  vim.cmd('silent! wall')
end

local ok, err = xpcall(function()
  local buf, client = open(vim.env.SAFEGUARD_DRAFT)
  say('   workspace: ' .. vim.inspect(vim.tbl_map(function(f) return f.name end, client.workspace_folders or {})))
  choose({ only = { 'source.safeguard.report' } }, function(a) return a.kind == 'source.safeguard.report' end)
  say('ok: the report action was chosen')

  local plain = open(vim.env.SAFEGUARD_PLAIN)
  local diags = vim.diagnostic.get(plain)
  local target
  for _, d in ipairs(diags) do
    if d.code == 'SG-CONTENT-FALSE-INFO' or d.code == 'TEST-FAKE-NEWS' or target == nil then target = d end
  end
  local pd = target.user_data.lsp
  choose({ diagnostics = { pd }, only = { 'quickfix' } },
    function(a) return (a.title or ''):find('Silence') ~= nil and (a.title or ''):find('safeguard.yaml') ~= nil end,
    { start = { pd.range.start.line + 1, pd.range.start.character }, ['end'] = { pd.range['end'].line + 1, pd.range['end'].character } })
  say('ok: the silence action was chosen')
end, debug.traceback)
if not ok then fail(tostring(err)) end
say('DONE')
vim.cmd('qall!')
