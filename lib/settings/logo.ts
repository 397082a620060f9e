import 'server-only';
import sanitizeHtml from 'sanitize-html';
import type { Actor } from '../auth/actor';
import { recordAudit } from '../audit/record';
import { AppError } from '../errors';
import { getSettings, storeSettings } from './store';
import { isOneOf } from '../one-of';

export const LOGO_MAX_BYTES = 512 * 1024;
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// An SVG may open with a BOM, an XML declaration, comments and a doctype before its root element.
const SVG_START = /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i;

/** The image type from the bytes themselves: a file name or a declared type proves nothing. */
export function detectLogoType(bytes: Uint8Array): LogoType | null {
  if (PNG_MAGIC.every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  // Enough for a long licence comment ahead of the root element.
  const head = Buffer.from(bytes.subarray(0, 16_384)).toString('utf8');
  return SVG_START.test(head) ? 'image/svg+xml' : null;
}

const SVG_TAGS = [
  'svg', 'g', 'path', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'rect', 'text', 'tspan', 'textPath', 'defs',
  'linearGradient', 'radialGradient', 'stop', 'clipPath', 'mask', 'pattern', 'symbol', 'use', 'title', 'desc',
];
const SVG_ATTRIBUTES = [
  'id', 'class', 'xmlns', 'xmlns:xlink', 'version', 'viewBox', 'preserveAspectRatio', 'width', 'height', 'x', 'y', 'x1', 'x2', 'y1', 'y2',
  'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'd', 'points', 'transform', 'fill', 'fill-opacity', 'fill-rule', 'clip-rule', 'stroke',
  'stroke-width', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit', 'stroke-dasharray', 'stroke-dashoffset', 'stroke-opacity',
  'opacity', 'offset', 'stop-color', 'stop-opacity', 'gradientUnits', 'gradientTransform', 'spreadMethod', 'clip-path', 'clipPathUnits',
  'mask', 'maskUnits', 'maskContentUnits', 'patternUnits', 'patternContentUnits', 'patternTransform', 'font-family', 'font-size',
  'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'letter-spacing', 'dx', 'dy', 'visibility', 'display', 'href', 'xlink:href',
];
// Whole subtrees that are dropped with everything inside them, not just the tag.
const DROPPED_SUBTREES = ['script', 'style', 'foreignObject', 'iframe', 'object', 'embed', 'noscript', 'template', 'textarea', 'option'];

/** Only same-document references survive: `#id` and `url(#id)`; anything else could fetch or run something. */
function isLocalReference(name: string, value: string): boolean {
  if (name === 'href' || name === 'xlink:href') return value.trim().startsWith('#');
  if (/url\s*\(/i.test(value)) return /^\s*url\(\s*['"]?#[^)'"]*['"]?\s*\)\s*$/i.test(value);
  return !/(javascript|data|vbscript)\s*:/i.test(value);
}

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: SVG_TAGS,
  allowedAttributes: { '*': SVG_ATTRIBUTES },
  allowedSchemes: [],
  allowedSchemesAppliedToAttributes: [],
  nonTextTags: DROPPED_SUBTREES,
  disallowedTagsMode: 'discard',
  selfClosing: [],
  parser: { xmlMode: true, decodeEntities: true },
  transformTags: {
    '*': (tagName, attribs) => ({
      tagName,
      attribs: Object.fromEntries(Object.entries(attribs).filter(([name, value]) => isLocalReference(name, value))),
    }),
  },
};

/** A strict allowlist of SVG drawing elements and attributes: no script, no handlers, no external references. */
export function sanitizeSvg(source: string): string {
  const clean = sanitizeHtml(source.replace(/^\uFEFF/, ''), SANITIZE_OPTIONS).trim();
  if (!/^<svg[\s>]/.test(clean)) throw new AppError('VALIDATION_FAILED', 'The SVG has no drawable <svg> root element left after sanitising.', {
    fields: [{ path: 'file', message: 'is not a usable SVG image', code: 'custom' }],
  });
  // Browsers render an SVG inside <img> only with its namespace.
  return /^<svg[^>]*\sxmlns=/.test(clean) ? clean : clean.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
}

function unsupportedType(): AppError {
  return new AppError('VALIDATION_FAILED', 'The logo must be a PNG, JPG or SVG image.', {
    fields: [{ path: 'file', message: 'must be a PNG, JPG or SVG image', code: 'invalid_type' }],
  });
}

export function tooLargeLogo(): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The logo is larger than ${LOGO_MAX_BYTES / 1024} KB. Export a smaller image.`);
}

/** Checks, sanitises and stores the logo as a data URL in the internal `branding_logo` setting. */
export async function storeLogo(actor: Actor, bytes: Uint8Array): Promise<{ type: LogoType; size: number }> {
  if (bytes.byteLength === 0) throw unsupportedType();
  if (bytes.byteLength > LOGO_MAX_BYTES) throw tooLargeLogo();
  const type = detectLogoType(bytes);
  if (!type) throw unsupportedType();
  const stored = type === 'image/svg+xml' ? Buffer.from(sanitizeSvg(Buffer.from(bytes).toString('utf8')), 'utf8') : Buffer.from(bytes);
  await storeSettings({ branding_logo: `data:${type};base64,${stored.toString('base64')}` });
  await recordAudit(actor, { action: 'settings.logo_upload', target: 'settings:branding_logo', details: { type, size: stored.byteLength } });
  return { type, size: stored.byteLength };
}

/** Idempotent: removing an absent logo succeeds and records nothing. */
export async function removeLogo(actor: Actor): Promise<void> {
  const changed = await storeSettings({ branding_logo: null });
  if (changed.length) await recordAudit(actor, { action: 'settings.logo_remove', target: 'settings:branding_logo' });
}

/** The stored logo's bytes and type, or null when none is set. */
export async function readLogo(): Promise<{ type: LogoType; bytes: Buffer } | null> {
  const { branding_logo: logo } = await getSettings();
  const match = logo ? /^data:(image\/(?:png|jpeg|svg\+xml));base64,(.*)$/s.exec(logo) : null;
  const type = match?.[1];
  if (!match || !isOneOf(LOGO_TYPES, type)) return null;
  return { type, bytes: Buffer.from(match[2], 'base64') };
}
