// Reads a JSON array of texts on standard input; writes, for each text, the
// Harper lints (British English) as [{kind, message, problem, start, end}] on standard output
// (start and end count UTF-16 code units, as JavaScript strings do).
import { LocalLinter, Dialect } from "harper.js";
import { binaryInlined } from "harper.js/binaryInlined";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const texts = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const linter = new LocalLinter({ binary: binaryInlined, dialect: Dialect.British });
await linter.setup();
const out = [];
for (const text of texts) {
  const lints = await linter.lint(text, { language: "plaintext" });
  out.push(lints.map((lint) => {
    const span = lint.span();
    return { kind: lint.lint_kind(), message: lint.message(), problem: text.slice(span.start, span.end),
             start: span.start, end: span.end };
  }));
}
process.stdout.write(JSON.stringify(out));
