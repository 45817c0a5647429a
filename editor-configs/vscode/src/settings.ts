// Which settings go to the server, and the status-bar text. Pure logic (no
// `vscode` import), tested under `node --test`.
//
// The manifest (package.json) contributes every safeguard.* setting; all of
// them are the server's (written from safeguard_lsp/server/settings.py by
// scripts/sync_settings.py) except the extension's own, below, which are
// never sent: the server would warn about settings it does not know.

export const SECTION = 'safeguard';
export const EXTENSION_ONLY = ['safeguard.server.path', 'safeguard.server.python', 'safeguard.trace.server'];

export interface Manifest {
  contributes?: { configuration?: { properties?: Record<string, unknown> } | { properties?: Record<string, unknown> }[] };
}

/** The server's setting names, relative to the section ("rules", "debounce", ...). */
export function serverSettingKeys(manifest: Manifest): string[] {
  const configuration = manifest.contributes?.configuration;
  const blocks = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  const keys: string[] = [];
  for (const block of blocks) {
    for (const key of Object.keys(block.properties || {})) {
      if (key.startsWith(SECTION + '.') && !EXTENSION_ONLY.includes(key)) {
        keys.push(key.slice(SECTION.length + 1));
      }
    }
  }
  return keys;
}

/** The settings to send: the server's keys only, read with `get` (relative keys). */
export function serverSettings(keys: string[], get: (key: string) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = get(key);
    if (value !== undefined) {
      out[key] = value;
    }
  }
  return out;
}

/** The same, from the object VS Code gives for the whole section (nested: {server: {path}}, ...). */
export function filterSection(section: unknown, keys: string[]): unknown {
  if (section === null || typeof section !== 'object' || Array.isArray(section)) {
    return section;
  }
  const values = section as Record<string, unknown>;
  return serverSettings(keys, (key) => values[key]);
}

/** Whether a changed setting needs the server to be started again (rather than just re-read). */
export function needsRestart(affects: (setting: string) => boolean): boolean {
  return affects('safeguard.server.path') || affects('safeguard.server.python');
}

export interface DiagnosticLike {
  source?: string;
}

export function countFindings(diagnostics: readonly DiagnosticLike[]): number {
  return diagnostics.filter((d) => d.source === 'safeguard').length;
}

export interface StatusView {
  text: string;
  tooltip: string;
}

/** The status-bar item: findings in the current draft (undefined: no draft shown) and in all drafts. */
export function statusView(inDraft: number | undefined, total: number): StatusView {
  const plural = (n: number) => `${n} safeguard finding${n === 1 ? '' : 's'}`;
  if (inDraft === undefined) {
    return {
      text: `$(law) ${total}`,
      tooltip: `${plural(total)} in the open drafts. Click to open the Problems panel.`,
    };
  }
  return {
    text: `$(law) ${inDraft}`,
    tooltip: `${plural(inDraft)} in this draft, ${total} in all open drafts. Click to open the Problems panel.`,
  };
}
