import fs from 'node:fs';
import path from 'node:path';

/**
 * The message namespaces the client components under one entry file (a page or a layout) use,
 * found by walking its imports: from the first `'use client'` file down, every literal
 * `useTranslations('ns')` counts. Type-only imports are erased and not followed.
 */
export const ROOT = path.resolve(__dirname, '../..');

const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
const USE_TRANSLATIONS = /useTranslations\s*\(([^)]*)\)/g;

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
  else return null; // a package
  for (const candidate of [base, `${base}.tsx`, `${base}.ts`, path.join(base, 'index.tsx'), path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

export interface NamespaceUse {
  namespaces: Set<string>;
  /** `useTranslations` calls whose namespace is not a literal: these cannot be checked. */
  unchecked: string[];
}

/** `stopAt`: files whose subtree brings its own messages (a nested provider). */
export function clientNamespaces(entry: string, stopAt: (file: string) => boolean = () => false): NamespaceUse {
  const result: NamespaceUse = { namespaces: new Set(), unchecked: [] };
  const seen = new Set<string>();
  const visit = (file: string, inClient: boolean) => {
    const key = `${file}:${inClient}`;
    if (seen.has(key) || stopAt(file)) return;
    seen.add(key);
    const source = fs.readFileSync(file, 'utf8');
    const client = inClient || /^\s*['"]use client['"]/.test(source);
    if (client) {
      for (const match of source.matchAll(USE_TRANSLATIONS)) {
        const arg = match[1].trim();
        const literal = /^['"]([\w.]+)['"]$/.exec(arg);
        if (literal) result.namespaces.add(literal[1]);
        else result.unchecked.push(`${path.relative(ROOT, file)}: useTranslations(${arg})`);
      }
    }
    for (const match of source.matchAll(IMPORT)) {
      const target = resolveImport(file, match[1]);
      if (target) visit(target, client);
    }
  };
  visit(entry, false);
  return result;
}

/** Whether a namespace a component uses is inside one of those shipped ('customers' ships 'customers.status'). */
export function isShipped(used: string, shipped: readonly string[]): boolean {
  return shipped.some((s) => used === s || used.startsWith(`${s}.`));
}
