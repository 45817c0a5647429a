import * as assert from 'node:assert/strict';
import { test } from 'node:test';

import { headingLine, rulesAt, rulesIn } from '../src/ruleDocs';

const at = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });
const findings = [
  { source: 'safeguard', code: 'SG-POWER-JUDICIAL', range: at(100, 102, 140) },
  { source: 'safeguard', code: 'SG-POWER-NECESSITY', range: at(100, 102, 140) },
  { source: 'markdownlint', code: 'MD013', range: at(100, 0, 200) },
  { source: 'safeguard', code: { value: 'SG-WEAK-MAY', target: 'https://example.org' }, range: at(96, 20, 23) },
];

test('the rules under the cursor are those of the safeguard findings there', () => {
  assert.deepEqual(rulesAt(findings, { line: 100, character: 110 }), ['SG-POWER-JUDICIAL', 'SG-POWER-NECESSITY']);
  assert.deepEqual(rulesAt(findings, { line: 96, character: 23 }), ['SG-WEAK-MAY']);
  assert.deepEqual(rulesAt(findings, { line: 100, character: 50 }), [], 'another linter\'s finding is not a rule');
});

test('all the rules of a draft, once each', () => {
  assert.deepEqual(rulesIn([...findings, ...findings]), ['SG-POWER-JUDICIAL', 'SG-POWER-NECESSITY', 'SG-WEAK-MAY']);
});

test('the rule\'s section is found by its heading, not by the table of contents', () => {
  const reference = '# Rule reference\n\n| [SG-WEAK-MAY](#sg-weak-may) | warning |\n\n## SG-WEAK-MAY: "May" where a safeguard must be mandatory\n\ntext\n';
  assert.equal(headingLine(reference, 'SG-WEAK-MAY'), 4);
  assert.equal(headingLine(reference, 'SG-WEAK'), undefined);
});
