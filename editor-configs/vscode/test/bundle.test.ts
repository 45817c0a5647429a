// The bundle (dist/extension.js, from `npm run bundle`) is complete: it loads
// with nothing but the `vscode` module, which VS Code supplies (stubbed here),
// and exports activate and deactivate.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('module');

function stub(name: string): unknown {
  const fn = function () {
    return stub(`${name}()`);
  };
  return new Proxy(fn, {
    get: (_target, property) => (property === 'then' ? undefined : stub(`${name}.${String(property)}`)),
    construct: () => stub(`new ${name}`) as object,
  });
}

const bundle = path.join(__dirname, '..', '..', 'dist', 'extension.js');

test('the bundle loads with only vscode external', { skip: !fs.existsSync(bundle) && 'run `npm run bundle` first' }, () => {
  const load = Module._load;
  Module._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub('vscode') : load.call(this, request, ...rest);
  };
  try {
    const extension = require(bundle);
    assert.equal(typeof extension.activate, 'function');
    assert.equal(typeof extension.deactivate, 'function');
  } finally {
    Module._load = load;
  }
});
