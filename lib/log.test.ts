import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')));
      done();
    },
  });
  return { lines, stream };
}

describe('log', () => {
  it('redacts secrets that slip into the fields, top level and one level down', async () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info({ password: 'hunter2', user: { token: 'abc' }, headers: { authorization: 'Bearer x' }, subdomain: 'acme' }, 'login');
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).not.toMatch(/hunter2|abc|Bearer x/);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'login', password: '[redacted]', subdomain: 'acme' });
  });

  it('drops lines below the level and stamps an ISO time', async () => {
    const { lines, stream } = capture();
    const logger = createLogger('warn', stream);
    logger.info('quiet');
    logger.warn('loud');
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => l.msg)).toEqual(['loud']);
    expect(String(lines[0].time)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });
});
