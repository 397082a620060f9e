/**
 * Docker's multiplexed log stream (no TTY): frames of an 8-byte header
 * [stream, 0, 0, 0, size(uint32 BE)] followed by `size` bytes. Pure, so it is unit-tested.
 */
export type LogStream = 'stdout' | 'stderr';

export interface LogLine {
  stream: LogStream;
  /** Set when the engine was asked for timestamps. */
  time?: Date;
  text: string;
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) /;

function toLine(stream: LogStream, raw: string, timestamps: boolean): LogLine {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (!timestamps) return { stream, text };
  const m = TIMESTAMP.exec(text);
  return m ? { stream, time: new Date(m[1]), text: text.slice(m[0].length) } : { stream, text };
}

/** Incremental demultiplexer: feed chunks, get complete lines; `flush` emits unterminated tails. */
export class LogDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private partial: Record<LogStream, string> = { stdout: '', stderr: '' };

  constructor(private readonly timestamps: boolean) {}

  push(chunk: Buffer): LogLine[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: LogLine[] = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const stream: LogStream = this.pending[0] === 2 ? 'stderr' : 'stdout';
      const text = this.partial[stream] + this.pending.subarray(8, 8 + size).toString('utf8');
      this.pending = this.pending.subarray(8 + size);
      const parts = text.split('\n');
      this.partial[stream] = parts.pop() ?? '';
      for (const part of parts) out.push(toLine(stream, part, this.timestamps));
    }
    return out;
  }

  flush(): LogLine[] {
    const out: LogLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) out.push(toLine(stream, this.partial[stream], this.timestamps));
      this.partial[stream] = '';
    }
    return out;
  }
}
