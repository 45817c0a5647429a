// Checks a built .vsix against what the VS Code Marketplace and Open VSX ask
// of an extension, without publishing anything:
//
//   node scripts/check-publish.mjs [safeguard-lsp.vsix]
//
// Open VSX's own checks (ovsx: the required manifest fields and the licence),
// then the marketplace's: icon (a PNG of at least 128 px), display name,
// description, categories, README, CHANGELOG and LICENSE in the package, and
// the bundled server wheel. Exits 1 naming each problem. A missing
// `repository` is reported but does not fail: the project's public address
// has to be filled in by whoever publishes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const ovsx = require('ovsx');
const { readVSIXPackage } = require('ovsx/lib/zip');
const yauzl = require('yauzl');

const vsix = path.resolve(process.argv[2] || path.join(here, 'safeguard-lsp.vsix'));
const CATEGORIES = ['Azure', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps',
  'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Programming Languages', 'SCM Providers', 'Snippets',
  'Testing', 'Themes', 'Visualization', 'AI', 'Chat', 'Other'];

function entries(file) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const found = new Map();
      zip.on('entry', (entry) => {
        if (!entry.fileName.endsWith('.png')) {
          found.set(entry.fileName, null);
          return zip.readEntry();
        }
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('end', () => { found.set(entry.fileName, Buffer.concat(chunks)); zip.readEntry(); });
        });
      });
      zip.on('end', () => resolve(found));
      zip.readEntry();
    });
  });
}

const problems = [];
const manifest = await readVSIXPackage(vsix);
try {
  ovsx.validateManifest(manifest);
} catch (error) {
  problems.push(`Open VSX: ${error.message}`);
}
if (!(await ovsx.isLicenseOk(here, manifest))) problems.push('Open VSX: no licence (package.json "license" or a LICENSE file)');

const files = await entries(vsix);
for (const [field, what] of [['displayName', 'a display name'], ['description', 'a description'], ['icon', 'an icon']]) {
  if (!manifest[field]) problems.push(`package.json has no "${field}" (${what})`);
}
if (manifest.icon) {
  const png = files.get(`extension/${manifest.icon}`);
  if (!png) problems.push(`the icon ${manifest.icon} is not in the .vsix`);
  else if (png.readUInt32BE(16) < 128 || png.readUInt32BE(20) < 128) problems.push(`the icon is smaller than 128 x 128 px`);
}
for (const category of manifest.categories || []) {
  if (!CATEGORIES.includes(category)) problems.push(`unknown category "${category}"`);
}
if (!(manifest.categories || []).length) problems.push('package.json has no categories');
const packaged = [...files.keys()].map((f) => f.toLowerCase());
for (const [name, pattern] of [['README.md', /^extension\/readme\.md$/], ['CHANGELOG.md', /^extension\/changelog\.md$/],
  ['LICENSE', /^extension\/license(\.md|\.txt)?$/]]) {
  if (!packaged.some((f) => pattern.test(f))) problems.push(`${name} is not in the .vsix`);
}
if (![...files.keys()].some((f) => /^extension\/server\/safeguard_lsp-.*\.whl$/.test(f))) problems.push('the server wheel is not in the .vsix');
const readme = fs.readFileSync(path.join(here, 'README.md'), 'utf8');
if (!manifest.repository && /\]\((?!https?:|#)[^)]+\)/.test(readme)) {
  problems.push('README.md has relative links, which need "repository" in package.json');
}

console.log(`${manifest.publisher}.${manifest.name} ${manifest.version}: ${files.size} files in ${path.basename(vsix)}`);
if (!manifest.repository) {
  console.log('note: package.json has no "repository"; add the project\'s public repository before publishing.');
}
if (problems.length) {
  for (const problem of problems) console.error(`check-publish: ${problem}`);
  process.exit(1);
}
console.log('check-publish: ready for vsce publish and ovsx publish');
