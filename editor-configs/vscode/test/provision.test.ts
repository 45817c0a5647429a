import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  bundledWheel, envLayout, installSteps, needsInstall, noPythonMessage, parseProbe, pythonCandidates, recentEnough,
} from '../src/provision';

test('the environment lives in the extension storage, with the platform\'s folder names', () => {
  const linux = envLayout('/home/ana/.config/Code/User/globalStorage/safeguard-lsp.safeguard-lsp', 'linux');
  assert.equal(linux.server, '/home/ana/.config/Code/User/globalStorage/safeguard-lsp.safeguard-lsp/server-env/bin/safeguard-lsp');
  assert.equal(linux.python, '/home/ana/.config/Code/User/globalStorage/safeguard-lsp.safeguard-lsp/server-env/bin/python');
  const windows = envLayout('C:\\Users\\ana\\AppData\\Roaming\\Code\\User\\globalStorage\\sg', 'win32');
  assert.equal(windows.server, 'C:\\Users\\ana\\AppData\\Roaming\\Code\\User\\globalStorage\\sg\\server-env\\Scripts\\safeguard-lsp.exe');
});

test('the bundled wheel is found among other files', () => {
  assert.equal(bundledWheel(['README.md', 'safeguard_lsp-0.1.0-py3-none-any.whl']), 'safeguard_lsp-0.1.0-py3-none-any.whl');
  assert.equal(bundledWheel(['pygls-2.0.0-py3-none-any.whl']), undefined);
  assert.equal(bundledWheel([]), undefined);
});

test('an environment is reused only when complete and of this extension version and wheel', () => {
  const wanted = { extensionVersion: '0.2.0', wheel: 'safeguard_lsp-0.2.0-py3-none-any.whl' };
  assert.equal(needsInstall(undefined, wanted), true, 'no stamp: an interrupted install');
  assert.equal(needsInstall('{"extensionVersion": "0.2', wanted), true, 'an unreadable stamp');
  assert.equal(needsInstall(JSON.stringify({ ...wanted, extensionVersion: '0.1.0' }), wanted), true, 'a new extension version');
  assert.equal(needsInstall(JSON.stringify({ ...wanted, wheel: 'safeguard_lsp-0.1.0-py3-none-any.whl' }), wanted), true);
  assert.equal(needsInstall(JSON.stringify(wanted), wanted), false);
});

test('the configured Python is the only one tried; else the Python extension\'s, then the PATH', () => {
  assert.deepEqual(pythonCandidates(' /opt/py312/bin/python3 ', '/usr/bin/python3', 'linux'), [['/opt/py312/bin/python3']]);
  assert.deepEqual(pythonCandidates('', '/home/ana/.venv/bin/python', 'linux'), [['/home/ana/.venv/bin/python'], ['python3'], ['python']]);
  assert.deepEqual(pythonCandidates('', undefined, 'win32'), [['py', '-3'], ['python'], ['python3']]);
});

test('Python 3.11 or later is required', () => {
  const probe = parseProbe('3 12 /usr/bin/python3.12\n');
  assert.deepEqual(probe, { major: 3, minor: 12, executable: '/usr/bin/python3.12' });
  assert.equal(recentEnough(probe!), true);
  assert.equal(recentEnough({ major: 3, minor: 11, executable: 'x' }), true);
  assert.equal(recentEnough({ major: 3, minor: 10, executable: 'x' }), false);
  assert.equal(parseProbe('Python was not found; run without arguments to install from the Microsoft Store'), undefined);
});

test('with no suitable Python the message says what was found and what to install', () => {
  const message = noPythonMessage([{ command: ['python3'], probe: { major: 3, minor: 9, executable: '/usr/bin/python3' } }, { command: ['python'] }], 'linux');
  assert.match(message, /Python 3\.11 or later/);
  assert.match(message, /python3 \(3\.9\), python \(not found\)/);
  assert.match(message, /apt install python3 python3-venv/);
  assert.match(message, /safeguard\.server\.path/);
});

test('the install creates a venv with the chosen Python and pip-installs the bundled wheel into it', () => {
  const layout = envLayout('/s', 'linux');
  const steps = installSteps('/usr/bin/python3.12', layout, '/ext/server/safeguard_lsp-0.1.0-py3-none-any.whl');
  assert.deepEqual(steps.map((s) => [s.command, ...s.args]), [
    ['/usr/bin/python3.12', '-m', 'venv', '/s/server-env'],
    ['/s/server-env/bin/python', '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '/ext/server/safeguard_lsp-0.1.0-py3-none-any.whl'],
  ]);
});
