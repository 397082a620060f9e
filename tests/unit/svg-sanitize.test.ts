import { describe, expect, it } from 'vitest';
import { detectLogoType, sanitizeSvg } from '@/lib/settings/logo';

const NS = 'xmlns="http://www.w3.org/2000/svg"';

describe('sanitizeSvg', () => {
  it('keeps drawing elements, their geometry and the viewBox casing', () => {
    const out = sanitizeSvg(`<svg ${NS} viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0" stop-color="#f00"/></linearGradient></defs><path d="M0 0L10 10" fill="url(#g)"/></svg>`);
    expect(out).toContain('viewBox="0 0 10 10"');
    expect(out).toContain('<linearGradient id="g">');
    expect(out).toContain('d="M0 0L10 10"');
    expect(out).toContain('fill="url(#g)"');
  });

  it('removes scripts with their content and every event handler', () => {
    const out = sanitizeSvg(`<svg ${NS} onload="alert(1)"><script>alert(2)</script><rect width="5" height="5" onclick="steal()" onmouseover="x()"/></svg>`);
    expect(out).not.toMatch(/script|alert|onload|onclick|onmouseover|steal/i);
    expect(out).toContain('<rect width="5" height="5"');
  });

  it('removes external and javascript references but keeps local ones', () => {
    const out = sanitizeSvg(
      `<svg ${NS} xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="http://evil.example/a.svg#x"/><use href="#g"/>` +
        `<rect fill="url(http://evil.example/p)"/><image href="http://evil.example/x.png"/><a href="javascript:alert(1)"><circle r="2"/></a></svg>`,
    );
    expect(out).not.toMatch(/evil\.example|javascript|<image|<a /);
    expect(out).toContain('<use href="#g">');
    expect(out).toContain('<circle r="2">');
  });

  it('drops foreignObject with everything inside it', () => {
    const out = sanitizeSvg(`<svg ${NS}><foreignObject><div>hello<iframe src="http://evil.example"></iframe></div><svg><circle r="9"/></svg></foreignObject><circle r="1"/></svg>`);
    expect(out).not.toMatch(/foreignObject|hello|iframe|evil|r="9"/);
    expect(out).toContain('<circle r="1">');
  });

  it('drops style elements, whose CSS could load remote resources', () => {
    const out = sanitizeSvg(`<svg ${NS}><style>@import url(http://evil.example/x.css);</style><circle r="1"/></svg>`);
    expect(out).not.toMatch(/style|evil/);
  });

  it('adds the SVG namespace when missing, so the logo renders inside <img>', () => {
    expect(sanitizeSvg('<svg viewBox="0 0 1 1"><rect/></svg>')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('keeps text escaped and refuses a document with no svg root left', () => {
    expect(sanitizeSvg(`<svg ${NS}><text>A &amp; B &lt;b&gt;</text></svg>`)).toContain('A &amp; B &lt;b&gt;');
    expect(() => sanitizeSvg('<script>alert(1)</script>')).toThrow(/no drawable/);
  });
});

describe('detectLogoType', () => {
  it('reads the type from the magic bytes', () => {
    expect(detectLogoType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('image/png');
    expect(detectLogoType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(detectLogoType(Buffer.from('<?xml version="1.0"?>\n<!-- logo -->\n<svg viewBox="0 0 1 1"></svg>'))).toBe('image/svg+xml');
  });

  it('refuses text, HTML and a truncated PNG signature', () => {
    expect(detectLogoType(Buffer.from('just some text pretending to be a png'))).toBeNull();
    expect(detectLogoType(Buffer.from('<html><svg></svg></html>'))).toBeNull();
    expect(detectLogoType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
  });
});
