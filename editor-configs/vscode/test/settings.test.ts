import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

import { countFindings, EXTENSION_ONLY, filterSection, needsRestart, serverSettingKeys, serverSettings, statusView } from '../src/settings';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

test("the server's settings are the manifest's, less the extension's own", () => {
  const keys = serverSettingKeys(manifest);
  for (const key of ['rules', 'select', 'ignore', 'rulePaths', 'debounce', 'codeLens']) {
    assert.ok(keys.includes(key), `${key} is not sent to the server`);
  }
  assert.ok(!keys.includes('server.path'));
  assert.ok(!keys.includes('trace.server'));
  for (const key of EXTENSION_ONLY) {
    assert.ok(key in manifest.contributes.configuration.properties, `${key} is not contributed`);
  }
});

test('every contributed setting has a description and a default', () => {
  for (const [key, entry] of Object.entries<Record<string, unknown>>(manifest.contributes.configuration.properties)) {
    assert.ok(typeof entry.description === 'string' && entry.description.length > 10, `${key} has no description`);
    assert.ok('default' in entry, `${key} has no default`);
  }
});

test('only the server keys are sent, with the values VS Code gives', () => {
  const values: Record<string, unknown> = { rules: { 'SG-WEAK-MAY': 'off' }, debounce: 0, 'server.path': '/x' };
  assert.deepEqual(serverSettings(['rules', 'debounce', 'codeLens'], (key) => values[key]), { rules: { 'SG-WEAK-MAY': 'off' }, debounce: 0 });
});

test("the section VS Code answers is filtered: the extension's settings are not sent", () => {
  const section = { rules: {}, debounce: 150, server: { path: '' }, trace: { server: 'off' } };
  assert.deepEqual(filterSection(section, ['rules', 'debounce']), { rules: {}, debounce: 150 });
  assert.equal(filterSection(null, ['rules']), null);
});

test('changing the server path restarts the server; other settings are re-read', () => {
  assert.equal(needsRestart((s) => s === 'safeguard.server.path'), true);
  assert.equal(needsRestart((s) => s === 'safeguard.debounce'), false);
});

test('the status bar counts the findings of safeguard only', () => {
  assert.equal(countFindings([{ source: 'safeguard' }, { source: 'cspell' }, { source: 'safeguard' }, {}]), 2);
  assert.deepEqual(statusView(1, 3), { text: '$(law) 1', tooltip: '1 safeguard finding in this draft, 3 in all open drafts. Click to open the Problems panel.' });
  assert.match(statusView(undefined, 5).tooltip, /^5 safeguard findings in the open drafts/);
});
