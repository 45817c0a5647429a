// Packages the extension: builds the project's wheel
// into server/ (the extension installs it into a private environment on first
// start when no server is found), and writes the .vsix (vsce bundles
// dist/extension.js first, through the vscode:prepublish script).
//
//   node scripts/package.mjs [OUT.vsix]      (default: safeguard-lsp.vsix)
//
// The wheel is built by the Python found as $PYTHON, else python3 (pip fetches
// the build backend from the registry).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const root = path.resolve(here, '..', '..');
const out = path.resolve(process.argv[2] || path.join(here, 'safeguard-lsp.vsix'));
const python = process.env.PYTHON || 'python3';
const run = (command, args, options = {}) => execFileSync(command, args, { stdio: 'inherit', cwd: here, ...options });

const serverDir = path.join(here, 'server');
fs.rmSync(serverDir, { recursive: true, force: true });
fs.mkdirSync(serverDir);
run(python, ['-m', 'pip', 'wheel', '--quiet', '--no-deps', '--wheel-dir', serverDir, root]);
const wheels = fs.readdirSync(serverDir).filter((f) => /^safeguard_lsp-.*\.whl$/.test(f));
if (wheels.length !== 1) {
  throw new Error(`expected one safeguard_lsp wheel in ${serverDir}, found ${JSON.stringify(wheels)}`);
}
const vsce = path.join(here, 'node_modules', '@vscode', 'vsce', 'vsce');
// Until package.json names the project's public repository (required to
// publish), vsce is told to package without it; check-publish.mjs says so.
const manifest = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
const noRepository = manifest.repository ? [] : ['--allow-missing-repository'];
run(process.execPath, [vsce, 'package', '--no-dependencies', ...noRepository, '--out', out]);
console.log(`packaged ${out} with ${wheels[0]}`);
