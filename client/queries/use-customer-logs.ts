'use client';

import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import type { LogLineView } from '@/lib/customers/customer-logs';
import { ApiError, errorOfBody, toApiError } from './api-error';
import { fetchApi, toQueryString } from './fetch-api';

/** One NDJSON line of the log stream (lib/customers/customer-logs.ts toLogLineView). */
const logLineSchema = z.object({ time: z.string().nullable(), stream: z.string(), text: z.string() });

export type { LogLineView };

export interface LogOptions {
  service: string;
  tail: number;
  follow: boolean;
}

/** At most this many lines stay in the browser while following, so a chatty container cannot exhaust memory. */
const MAX_LINES = 5_000;

async function readStream(res: Response, onLines: (lines: LogLineView[]) => void): Promise<void> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    const lines: LogLineView[] = [];
    for (const part of parts.filter(Boolean)) {
      const parsed: unknown = JSON.parse(part);
      // The server ends a stream that failed after it began with one line in the error shape.
      const error = errorOfBody(parsed);
      if (error) {
        if (lines.length) onLines(lines);
        throw ApiError.from(error);
      }
      lines.push(logLineSchema.parse(parsed));
    }
    if (lines.length) onLines(lines);
  }
}

async function openStream(url: string, signal: AbortSignal): Promise<Response> {
  const res = await fetch(url, { credentials: 'same-origin', signal, headers: { Accept: 'application/x-ndjson' } });
  if (res.ok && res.body) return res;
  const error = errorOfBody(await res.json().catch(() => null));
  throw error ? ApiError.from(error, res.status) : new ApiError('INTERNAL', `The log stream answered ${res.status}.`, res.status);
}

/**
 * A container's last `tail` lines; with `follow`, a live NDJSON stream read with
 * fetch + a stream reader, aborted when the options change or the view unmounts.
 */
export function useCustomerLogs(customerId: string, options: LogOptions) {
  const [lines, setLines] = useState<LogLineView[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [reload, setReload] = useState(0);
  const { service, tail, follow } = options;

  useEffect(() => {
    const controller = new AbortController();
    const url = `/api/customers/${encodeURIComponent(customerId)}/logs${toQueryString({ service, tail, follow: follow ? 'true' : undefined })}`;
    setLines([]);
    setError(null);
    setLoading(true);
    const run = follow
      ? openStream(url, controller.signal).then((res) => {
          setLoading(false);
          return readStream(res, (more) => setLines((prev) => [...prev, ...more].slice(-MAX_LINES)));
        })
      : fetchApi<{ lines: LogLineView[] }>(url, { signal: controller.signal }).then((body) => setLines(body.lines));
    run
      .catch((err: unknown) => {
        // Leaving the tab or changing the options aborts on purpose: not an error to show.
        if (!controller.signal.aborted) setError(toApiError(err));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [customerId, service, tail, follow, reload]);

  const refresh = useCallback(() => setReload((n) => n + 1), []);
  return { lines, error, loading, refresh };
}
