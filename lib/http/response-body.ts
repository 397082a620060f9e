/**
 * The body of a response the appliance built itself, kept beside the Response so the server
 * entry's direct routes (lib/http/direct-routes.ts) can write it without streaming it back out
 * of the web Response. The text goes into the Response (undici copies a byte body on every
 * construction, ten times the cost of a string); its bytes are made once, when first written.
 */
export interface KnownBody {
  readonly text: string;
  bytes?: Buffer;
}

const bodies = new WeakMap<Response, KnownBody>();

export function withKnownBody<R extends Response>(response: R, body: KnownBody): R {
  bodies.set(response, body);
  return response;
}

/** The response's bytes when the appliance built it, else undefined (read the Response itself). */
export function knownBytes(response: Response): Buffer | undefined {
  const body = bodies.get(response);
  if (!body) return undefined;
  body.bytes ??= Buffer.from(body.text);
  return body.bytes;
}
