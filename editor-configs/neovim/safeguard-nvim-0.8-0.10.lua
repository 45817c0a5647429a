-- safeguard-lsp for Neovim 0.8, 0.9 and 0.10 (0.11 and later: use lsp/safeguard.lua).
-- Copy this into your init.lua.
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'text', 'markdown' },
  callback = function(args)
    local marker = vim.fs.find({ '.safeguard.yaml', '.git' }, {
      upward = true,
      path = vim.fs.dirname(vim.api.nvim_buf_get_name(args.buf)),
    })[1]
    vim.lsp.start({
      name = 'safeguard',
      cmd = { 'safeguard-lsp', 'serve' },
      root_dir = marker and vim.fs.dirname(marker) or vim.fs.dirname(vim.api.nvim_buf_get_name(args.buf)),
      settings = { safeguard = {} },
    })
  end,
})
