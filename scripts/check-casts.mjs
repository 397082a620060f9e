// Fails on a type assertion (`x as T`, `<T>x`) in production code that does not say why it is
// needed. Casts hide the shape of data at exactly the places where it matters (JSON, caught
// errors, library answers); a parse, a guard or a typed helper keeps the compiler honest. Where
// a library's types force one, a comment `// cast: <why>` on the same line or the line above
// keeps it. `as const` is not a cast. Generated code and tests are not checked.
//   node scripts/check-casts.mjs [dir ...]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['app', 'lib', 'components', 'client'];
const skip = (path) => /(^|\/)(generated|node_modules)(\/|$)/.test(path) || /\.test\.tsx?$/.test(path);

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (skip(path)) continue;
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

function isConstAssertion(node) {
  return ts.isTypeReferenceNode(node.type) && node.type.typeName.getText() === 'const';
}

const problems = [];
for (const root of roots) {
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const lines = text.split('\n');
    const visit = (node) => {
      if ((ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && !isConstAssertion(node)) {
        const line = source.getLineAndCharacterOfPosition(node.type.getStart(source)).line;
        let explained = /\/\/.*\bcast:/.test(lines[line]);
        // …or the comment block right above it (a reason may take two lines).
        for (let i = line - 1; !explained && i >= 0 && /^\s*\/\//.test(lines[i]); i--) explained = /\bcast:/.test(lines[i]);
        if (!explained) problems.push(`${relative(process.cwd(), file)}:${line + 1}: ${lines[line].trim()}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}

if (problems.length) {
  console.error(`${problems.length} type assertion(s) without a "// cast: <why>" comment:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('No unexplained type assertions.');
