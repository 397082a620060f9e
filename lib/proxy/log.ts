import { log } from '../log';
import { redactFields, redactSecrets } from './redact';

export type ProxyLogLevel = 'debug' | 'info' | 'warn' | 'error';
export type ProxyLogSink = (level: ProxyLogLevel, msg: string, fields: Record<string, unknown>) => void;

/** The appliance's one log, tagged with the NPM scope. */
const consoleSink: ProxyLogSink = (level, msg, fields) => log[level](msg, { scope: 'npm', ...fields });

let sink: ProxyLogSink = consoleSink;

/** Swaps the log destination (tests capture lines here); `undefined` restores the default. */
export function setProxyLogSink(next: ProxyLogSink | undefined): void {
  sink = next ?? consoleSink;
}

/** Every NPM client log line passes through here, so secrets are redacted in one place. */
export function logProxy(level: ProxyLogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  sink(level, redactSecrets(msg), redactFields(fields));
}
