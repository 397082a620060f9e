import { redactSecrets, redactValue } from './redact';

export type ProxyLogLevel = 'debug' | 'info' | 'warn' | 'error';
export type ProxyLogSink = (level: ProxyLogLevel, msg: string, fields: Record<string, unknown>) => void;

const LEVELS: Record<ProxyLogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One-line JSON, the appliance's log format; debug only when LOG_LEVEL asks for it. */
const consoleSink: ProxyLogSink = (level, msg, fields) => {
  const threshold = LEVELS[(process.env.LOG_LEVEL as ProxyLogLevel) ?? 'info'] ?? LEVELS.info;
  if (LEVELS[level] < threshold) return;
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, scope: 'npm', ...fields })}\n`;
  (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(line);
};

let sink: ProxyLogSink = consoleSink;

/** Swaps the log destination (tests capture lines here); `undefined` restores the default. */
export function setProxyLogSink(next: ProxyLogSink | undefined): void {
  sink = next ?? consoleSink;
}

/** Every NPM client log line passes through here, so secrets are redacted in one place. */
export function logProxy(level: ProxyLogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  sink(level, redactSecrets(msg), redactValue(fields) as Record<string, unknown>);
}
