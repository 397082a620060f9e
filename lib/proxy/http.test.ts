import { describe, expect, it } from 'vitest';
import { apiBase } from './http';
import { isCollectionPath } from './map-error';

describe('NPM URL and paths', () => {
  it('accepts the NPM URL with or without /api and trailing slashes', () => {
    for (const url of ['http://npm:81', 'http://npm:81/', 'http://npm:81/api', 'http://npm:81/api/', ' http://npm:81 ']) {
      expect(apiBase(url)).toBe('http://npm:81/api');
    }
  });

  it('tells collections (permission 404s) from items (gone)', () => {
    expect(isCollectionPath('/nginx/proxy-hosts')).toBe(true);
    expect(isCollectionPath('/nginx/proxy-hosts?query=a')).toBe(true);
    expect(isCollectionPath('/nginx/proxy-hosts/12')).toBe(false);
  });
});
