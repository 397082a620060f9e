import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../messages/en.json';
import { APP_LAYOUT_NAMESPACES, PAGE_NAMESPACES, PUBLIC_NAMESPACES, pickNamespaces } from '@/lib/i18n/client-messages';
import { clientNamespaces, isShipped, ROOT } from '../helpers/client-namespaces';

function pagesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pagesUnder(full);
    return entry.name === 'page.tsx' ? [full] : [];
  });
}

function missing(entry: string, shipped: readonly string[]): string[] {
  const use = clientNamespaces(entry);
  expect(use.unchecked, 'namespaces that are not literals cannot be checked').toEqual([]);
  return [...use.namespaces].filter((ns) => !isShipped(ns, shipped)).sort();
}

describe('each page ships the messages its client components use', () => {
  it('the app layout: navigation bar and toasts', () => {
    expect(missing(path.join(ROOT, 'app/(app)/layout.tsx'), APP_LAYOUT_NAMESPACES)).toEqual([]);
  });

  it('the login page', () => {
    expect(missing(path.join(ROOT, 'app/login/page.tsx'), PUBLIC_NAMESPACES)).toEqual([]);
  });

  it('every app page: its <PageMessages page="…"> list covers its client components', () => {
    const pages = pagesUnder(path.join(ROOT, 'app/(app)'));
    expect(pages.length).toBeGreaterThan(4);
    for (const file of pages) {
      const name = path.relative(ROOT, file);
      const declared = /<PageMessages\s+page="(\w+)"/.exec(fs.readFileSync(file, 'utf8'))?.[1];
      const shipped = Object.entries(PAGE_NAMESPACES).find(([page]) => page === declared)?.[1] ?? [];
      expect({ page: name, missing: missing(file, shipped) }).toEqual({ page: name, missing: [] });
    }
  });

  it('names only namespaces the catalogue has, and ships each page far less than all of it', () => {
    for (const list of [APP_LAYOUT_NAMESPACES, PUBLIC_NAMESPACES, ...Object.values(PAGE_NAMESPACES)]) {
      for (const ns of list) expect(pickNamespaces(en, [ns]), ns).not.toEqual({});
    }
    const whole = JSON.stringify(en).length;
    expect(JSON.stringify(pickNamespaces(en, PAGE_NAMESPACES.monitoring)).length).toBeLessThan(whole / 3);
  });
});

describe('pickNamespaces with parts of a namespace', () => {
  it('ships a dotted part alone, and the whole namespace when both are named', () => {
    const messages = { ui: { validation: { a: '1' }, other: { b: '2' } } };
    expect(pickNamespaces(messages, ['ui.validation'])).toEqual({ ui: { validation: { a: '1' } } });
    expect(pickNamespaces(messages, ['ui.validation', 'ui'])).toEqual(messages);
    expect(pickNamespaces(messages, ['ui', 'ui.validation'])).toEqual(messages);
  });
});
