import { describe, expect, it } from 'vitest';
import en from '../../messages/en.json';
import { pickNamespaces, PUBLIC_NAMESPACES } from './client-messages';

describe('pickNamespaces', () => {
  it('keeps only the named namespaces that exist', () => {
    expect(pickNamespaces({ a: { x: '1' }, b: { y: '2' } }, ['b', 'missing'])).toEqual({ b: { y: '2' } });
  });

  it('gives the login page every namespace it names, and far less than the catalogue', () => {
    const picked = pickNamespaces(en, PUBLIC_NAMESPACES);
    expect(Object.keys(picked).sort()).toEqual([...PUBLIC_NAMESPACES].sort());
    expect(JSON.stringify(picked).length).toBeLessThan(JSON.stringify(en).length / 3);
  });
});
