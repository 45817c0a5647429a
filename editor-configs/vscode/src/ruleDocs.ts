// Which rule's documentation to open, and where it starts in the rule
// reference (`safeguard-lsp rules docs`, headed "## SG-ID: title"). Pure logic
// (no `vscode` import), tested under `node --test`.

export interface PositionLike {
  line: number;
  character: number;
}

export interface FindingLike {
  source?: string;
  code?: string | number | { value: string | number };
  range: { start: PositionLike; end: PositionLike };
}

function before(a: PositionLike, b: PositionLike): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

export function ruleOf(finding: FindingLike): string | undefined {
  if (finding.source !== 'safeguard' || finding.code === undefined) {
    return undefined;
  }
  const code = typeof finding.code === 'object' ? finding.code.value : finding.code;
  return /^SG-[A-Z0-9-]+$/.test(String(code)) ? String(code) : undefined;
}

/** The rules of the safeguard findings under the cursor, each once, in the order given. */
export function rulesAt(findings: readonly FindingLike[], cursor: PositionLike): string[] {
  const out: string[] = [];
  for (const finding of findings) {
    const rule = ruleOf(finding);
    if (rule && before(finding.range.start, cursor) && before(cursor, finding.range.end) && !out.includes(rule)) {
      out.push(rule);
    }
  }
  return out;
}

/** The rules of all the safeguard findings given, each once, sorted. */
export function rulesIn(findings: readonly FindingLike[]): string[] {
  return [...new Set(findings.map(ruleOf).filter((r): r is string => r !== undefined))].sort();
}

/** The line (0-based) of the rule's heading in the reference, or undefined. */
export function headingLine(reference: string, rule: string): number | undefined {
  const lines = reference.split(/\r?\n/);
  const index = lines.findIndex((line) => line.startsWith(`## ${rule}:`) || line.trim() === `## ${rule}`);
  return index < 0 ? undefined : index;
}
