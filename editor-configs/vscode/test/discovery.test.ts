import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import { DiscoveryEnv, discoverServer, expandPath, findOnPath, isError, ruleDocsArgs, ServerCommand, serveArgs } from '../src/discovery';

function env(overrides: Partial<DiscoveryEnv> & { files?: string[] }): DiscoveryEnv {
  const files = new Set(overrides.files || []);
  return {
    configuredPath: '',
    pathEnv: '/usr/local/bin:/usr/bin',
    platform: 'linux',
    workspaceFolder: '/home/ana/drafts',
    home: '/home/ana',
    isFile: (file) => files.has(file),
    ...overrides,
  };
}

test('the setting comes first', () => {
  const found = discoverServer(env({ configuredPath: '/opt/sg/bin/safeguard-lsp', files: ['/opt/sg/bin/safeguard-lsp', '/usr/bin/safeguard-lsp'] }));
  assert.deepEqual(found, { command: '/opt/sg/bin/safeguard-lsp', prefix: [], source: 'setting' });
  assert.deepEqual(serveArgs(found as ServerCommand), ['serve']);
});

test('the setting may use ~, ${workspaceFolder} or a path relative to the workspace', () => {
  assert.equal(expandPath('~/venv/bin/safeguard-lsp', env({})), '/home/ana/venv/bin/safeguard-lsp');
  assert.equal(expandPath('${workspaceFolder}/.venv/bin/safeguard-lsp', env({})), '/home/ana/drafts/.venv/bin/safeguard-lsp');
  assert.equal(expandPath('.venv/bin/safeguard-lsp', env({})), '/home/ana/drafts/.venv/bin/safeguard-lsp');
  const found = discoverServer(env({ configuredPath: '.venv/bin/safeguard-lsp', files: ['/home/ana/drafts/.venv/bin/safeguard-lsp'] }));
  assert.equal((found as ServerCommand).command, '/home/ana/drafts/.venv/bin/safeguard-lsp');
});

test('a setting naming a missing program is an error, not a silent fallback', () => {
  const found = discoverServer(env({ configuredPath: '/nowhere/safeguard-lsp', files: ['/usr/bin/safeguard-lsp'] }));
  assert.ok(isError(found));
  assert.match(found.error, /safeguard\.server\.path/);
  assert.match(found.error, /\/nowhere\/safeguard-lsp/);
});

test('then safeguard-lsp on the PATH', () => {
  const found = discoverServer(env({ files: ['/usr/bin/safeguard-lsp'], pythonCommand: ['/usr/bin/python3'] }));
  assert.deepEqual(found, { command: '/usr/bin/safeguard-lsp', prefix: [], source: 'path' });
});

test('on Windows, PATHEXT suffixes are tried', () => {
  const found = findOnPath('safeguard-lsp', env({
    platform: 'win32',
    pathEnv: 'C:\\Windows;C:\\Users\\ana\\venv\\Scripts',
    pathExt: '.COM;.EXE',
    files: ['C:\\Users\\ana\\venv\\Scripts\\safeguard-lsp.EXE'],
  }));
  assert.equal(found, 'C:\\Users\\ana\\venv\\Scripts\\safeguard-lsp.EXE');
});

test("then python -m safeguard_lsp with the Python extension's interpreter", () => {
  const found = discoverServer(env({ pythonCommand: ['/home/ana/.venv/bin/python'] }));
  assert.deepEqual(found, { command: '/home/ana/.venv/bin/python', prefix: ['-m', 'safeguard_lsp'], source: 'python' });
  assert.deepEqual(serveArgs(found as ServerCommand), ['-m', 'safeguard_lsp', 'serve']);
  const conda = discoverServer(env({ pythonCommand: ['conda', 'run', '-n', 'law'] }));
  assert.deepEqual(serveArgs(conda as ServerCommand), ['run', '-n', 'law', '-m', 'safeguard_lsp', 'serve']);
});

test('nothing found: a plain-language error', () => {
  const found = discoverServer(env({ pathEnv: undefined }));
  assert.ok(isError(found));
  assert.match(found.error, /not found/);
});

test('the rule reference command passes the rule folders', () => {
  const server: ServerCommand = { command: 'python', prefix: ['-m', 'safeguard_lsp'], source: 'python' };
  assert.deepEqual(ruleDocsArgs(server, '/tmp/rules.md', ['coalition-rules']),
    ['-m', 'safeguard_lsp', 'rules', 'docs', '--output', '/tmp/rules.md', '--rules', 'coalition-rules']);
});
