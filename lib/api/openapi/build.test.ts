import { describe, expect, it } from 'vitest';
import { buildOpenApi } from './build';
import { allOperations } from './registry';

type Doc = ReturnType<typeof buildOpenApi>;

function refsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') out.push(v);
      else refsOf(v, out);
    }
  }
  return out;
}

function resolves(doc: Doc, ref: string): boolean {
  let node: unknown = doc;
  for (const part of ref.replace(/^#\//, '').split('/')) {
    if (!node || typeof node !== 'object' || !(part in node)) return false;
    node = Object.entries(node).find(([key]) => key === part)?.[1];
  }
  return node !== undefined;
}

describe('the OpenAPI document', () => {
  const doc = buildOpenApi('http://appliance.test', '1.2.3');

  it('documents every registered operation once, with its access rule and its security', () => {
    const ops = allOperations();
    expect(ops.length).toBeGreaterThan(50);
    for (const op of ops) {
      const entry = doc.paths?.[op.path]?.[op.method];
      expect(entry, `${op.method} ${op.path}`).toBeDefined();
      expect(entry?.description).toContain(`Access: \`${op.access}\``);
      if (op.access === 'public') expect(entry?.security).toBeUndefined();
      else expect(entry?.security).toEqual([{ bearer: [] }, { session: [] }]);
    }
  });

  it('has no reference to a component it does not define', () => {
    const refs = refsOf(doc);
    expect(refs).toContain('#/components/schemas/Error');
    expect(refs.filter((ref) => !resolves(doc, ref))).toEqual([]);
  });

  it('names path and query parameters from the routes\' schemas', () => {
    const names = (path: string) => (doc.paths?.[path]?.get?.parameters ?? []).map((p) => ('name' in p ? p.name : p.$ref));
    expect(names('/api/customers/{id}/logs')).toEqual(expect.arrayContaining(['id', 'service', 'tail']));
    expect(names('/api/audit')).toEqual(expect.arrayContaining(['actor', 'action', 'target', 'from', 'to', 'page', 'per_page']));
  });

  it('describes the settings answer with its view: secrets only as <key>_set', () => {
    const content = doc.paths?.['/api/settings']?.get?.responses?.['200']?.content?.['application/json'];
    const schema = JSON.stringify(content?.schema);
    expect(schema).toContain('"npm_api_password_set"');
    expect(schema).toContain('"effective_data_dir"');
    expect(schema).not.toContain('"npm_api_password"');
    expect(schema).not.toContain('"branding_logo"');
  });
});
