// Remote windows (Remote-SSH, WSL, code-server): VS Code ignores a setting of
// scope "machine" or "machine-overridable" when it is in User settings, so a
// user who set safeguard.server.path there found no server. The settings that
// choose the server must apply from User, Remote (Machine) and workspace
// settings alike; a workspace may set them only once trusted.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
const properties = manifest.contributes.configuration.properties;
const SERVER_SETTINGS = ['safeguard.server.path', 'safeguard.server.python'];

// VS Code's scopes, and the settings files each is read from in a remote window.
const READ_FROM: Record<string, string[]> = {
  application: ['user'],
  machine: ['remote'],
  'machine-overridable': ['remote', 'workspace', 'folder'],
  window: ['user', 'remote', 'workspace'],
  resource: ['user', 'remote', 'workspace', 'folder'],
  'language-overridable': ['user', 'remote', 'workspace', 'folder'],
};

for (const key of SERVER_SETTINGS) {
  test(`${key} applies from User, Remote and workspace settings`, () => {
    const scope = properties[key].scope ?? 'window';
    for (const where of ['user', 'remote', 'workspace']) {
      assert.ok(READ_FROM[scope].includes(where), `${key} has scope ${scope}, which a remote window ignores in ${where} settings`);
    }
  });

  test(`${key} cannot be set by an untrusted workspace`, () => {
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key));
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });
}
