-- End-to-end check of editor-configs/neovim/lsp/safeguard.lua in a real,
-- headless Neovim (0.11+). Run by tests/editors/test_neovim.py:
--
--   nvim --headless --clean --cmd 'set rtp^=editor-configs/neovim' -c 'luafile neovim_e2e.lua'
--
-- The draft to open is $SAFEGUARD_DRAFT (a temporary copy). Exits 0 when every
-- step passed; otherwise prints why and exits non-zero (:cquit).

local TIMEOUT = tonumber(vim.env.SAFEGUARD_TIMEOUT or '60000')

local function say(msg)
  io.stdout:write(msg .. '\n')
end

local function fail(msg)
  io.stdout:write('FAIL: ' .. msg .. '\n')
  io.stdout:flush()
  vim.cmd('cquit 1')
end

local function step(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if not ok then
    fail(name .. ': ' .. tostring(err))
  end
  say('ok: ' .. name)
end

local draft = assert(vim.env.SAFEGUARD_DRAFT, 'SAFEGUARD_DRAFT is not set')
local buf, client

local function ours()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == 'safeguard' then
      table.insert(out, d)
    end
  end
  return out
end

local function codes_of(diags)
  local counts = {}
  for _, d in ipairs(diags) do
    local code = tostring(d.code)
    counts[code] = (counts[code] or 0) + 1
  end
  return counts
end

if vim.env.SAFEGUARD_LEGACY_SNIPPET then
  -- The snippet for Neovim 0.8-0.10 (vim.lsp.start), as a user pastes it.
  step('the 0.8-0.10 snippet loads', function()
    dofile(vim.env.SAFEGUARD_LEGACY_SNIPPET)
  end)
else
  step('the shipped config is found on the runtimepath', function()
    local files = vim.api.nvim_get_runtime_file('lsp/safeguard.lua', false)
    assert(#files == 1, 'lsp/safeguard.lua is not on the runtimepath')
    say('   config: ' .. files[1])
    vim.lsp.enable('safeguard')
  end)
end

step('the server starts and attaches to the draft', function()
  vim.cmd('edit ' .. vim.fn.fnameescape(draft))
  buf = vim.api.nvim_get_current_buf()
  assert(vim.bo[buf].filetype == 'markdown', 'filetype is ' .. vim.bo[buf].filetype)
  local attached = vim.wait(TIMEOUT, function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'safeguard' })[1]
    return client ~= nil and client.initialized
  end, 50)
  assert(attached, 'no safeguard client attached to the draft')
  say('   server: ' .. table.concat(client.config.cmd, ' ') .. ', positions in ' .. client.offset_encoding)
end)

local before
step('diagnostics arrive', function()
  local got = vim.wait(TIMEOUT, function()
    return #ours() > 0
  end, 50)
  assert(got, 'no diagnostics within ' .. TIMEOUT .. ' ms')
  before = ours()
  say(('   %d diagnostics, first: %s line %d'):format(#before, tostring(before[1].code), before[1].lnum + 1))
end)

local function request(method, params)
  local resp, err = client:request_sync(method, params, TIMEOUT, buf)
  assert(resp, method .. ' got no answer: ' .. tostring(err))
  assert(not resp.err, method .. ' failed: ' .. vim.inspect(resp.err))
  return resp.result
end

-- Neovim keeps the protocol's own diagnostic (range in the negotiated
-- encoding, data for the quick fixes) in user_data.lsp.
local function protocol_diag(d)
  local original = d.user_data and d.user_data.lsp
  assert(original, 'the diagnostic does not carry its protocol form')
  return original
end

step('hover over a finding shows the cited provisions', function()
  local target
  for _, d in ipairs(before) do
    if d.lnum > 0 then
      target = d
      break
    end
  end
  target = target or before[1]
  local pd = protocol_diag(target)
  local result = request('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = pd.range.start,
  })
  assert(result and result.contents, 'no hover at ' .. vim.inspect(pd.range.start))
  local text = result.contents.value or vim.inspect(result.contents)
  assert(text:find('Covenant') or text:find('Declaration') or text:find('ICCPR'),
    'the hover names no instrument:\n' .. text)
  say('   hover on ' .. tostring(target.code) .. ': ' .. (text:match('[^\n]*Covenant[^\n]*') or text:match('[^\n]*Declaration[^\n]*') or ''):sub(1, 100))
end)

local fixed_code
step('a quick fix is applied', function()
  local action, target
  for _, d in ipairs(before) do
    local pd = protocol_diag(d)
    local actions = request('textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = pd.range,
      context = { diagnostics = { pd }, only = { 'quickfix' } },
    }) or {}
    for _, a in ipairs(actions) do
      if a.edit and a.kind == 'quickfix' and not (a.title or ''):lower():find('silence')
          and not (a.title or ''):lower():find('ignore') then
        action, target = a, d
        break
      end
    end
    if action then
      break
    end
  end
  assert(action, 'no diagnostic offers a quick fix with an edit')
  fixed_code = tostring(target.code)
  say(('   applying "%s" for %s at line %d'):format(action.title, fixed_code, target.lnum + 1))
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
end)

step('the diagnostics update', function()
  local wanted = codes_of(before)[fixed_code]
  local after
  local changed = vim.wait(TIMEOUT, function()
    after = ours()
    return (codes_of(after)[fixed_code] or 0) < wanted
  end, 50)
  assert(changed, ('%s still reported %d times after the fix'):format(fixed_code, wanted))
  say(('   %s: %d -> %d; %d diagnostics in all'):format(fixed_code, wanted, codes_of(after)[fixed_code] or 0, #after))
end)

say('PASS')
io.stdout:flush()
vim.cmd('qall!')
