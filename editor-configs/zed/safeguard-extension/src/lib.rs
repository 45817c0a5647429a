//! Zed runs language servers only through extensions: this one starts
//! `safeguard-lsp serve` (from the PATH, or lsp.safeguard-lsp.binary in the
//! settings) for Markdown and plain-text files, and hands it the settings.

use zed_extension_api::{self as zed, serde_json, settings::LspSettings, LanguageServerId, Result};

struct SafeguardExtension;

impl zed::Extension for SafeguardExtension {
    fn new() -> Self {
        SafeguardExtension
    }

    fn language_server_command(&mut self, id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(id.as_ref(), worktree).ok().and_then(|s| s.binary);
        let command = binary
            .as_ref()
            .and_then(|b| b.path.clone())
            .or_else(|| worktree.which("safeguard-lsp"))
            .ok_or_else(|| {
                "safeguard-lsp was not found on the PATH: install it (see the safeguard-lsp README) \
                 or set lsp.safeguard-lsp.binary.path in the Zed settings"
                    .to_string()
            })?;
        let args = binary.and_then(|b| b.arguments).unwrap_or_else(|| vec!["serve".to_string()]);
        Ok(zed::Command { command, args, env: worktree.shell_env() })
    }

    fn language_server_workspace_configuration(
        &mut self,
        id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        let settings = LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|s| s.settings)
            .unwrap_or_default();
        Ok(Some(serde_json::json!({ "safeguard": settings })))
    }
}

zed::register_extension!(SafeguardExtension);
