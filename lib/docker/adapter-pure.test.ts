import { describe, expect, it } from 'vitest';
import { dockerOptionsFor } from './client';
import { containerCreateOptions } from './container-options';
import { toTenantEvent } from './events';
import { LogDemuxer } from './log-demux';
import { computeFigures } from './stats';

function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

describe('LogDemuxer', () => {
  it('splits frames into lines per stream, across chunk boundaries', () => {
    const d = new LogDemuxer(true);
    const all = Buffer.concat([frame(1, '2026-01-01T00:00:00.5Z hello\n2026-01-01T00:00:01Z wor'), frame(2, '2026-01-01T00:00:02Z oops\n'), frame(1, 'ld\n')]);
    const lines = [...d.push(all.subarray(0, 5)), ...d.push(all.subarray(5, 30)), ...d.push(all.subarray(30)), ...d.flush()];
    expect(lines.map((l) => [l.stream, l.text])).toEqual([
      ['stdout', 'hello'],
      ['stderr', 'oops'],
      ['stdout', 'world'],
    ]);
    expect(lines[0].time?.toISOString()).toBe('2026-01-01T00:00:00.500Z');
  });
});

describe('computeFigures', () => {
  it('computes CPU %, memory without cache and network totals like docker stats', () => {
    const f = computeFigures({
      cpu_stats: { cpu_usage: { total_usage: 2_000 }, system_cpu_usage: 20_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 1_000 }, system_cpu_usage: 10_000 },
      memory_stats: { usage: 10_000, limit: 50_000, stats: { total_inactive_file: 4_000 } },
      networks: { eth0: { rx_bytes: 5, tx_bytes: 7 }, eth1: { rx_bytes: 1, tx_bytes: 1 } },
    });
    expect(f).toEqual({ cpuPercent: 20, memoryBytes: 6_000, memoryLimitBytes: 50_000, networkRxBytes: 6, networkTxBytes: 8 });
    expect(computeFigures({}).cpuPercent).toBe(0);
  });

  it('takes CPU from the previous reading when the sample is one-shot (no precpu)', () => {
    const raw = { cpu_stats: { cpu_usage: { total_usage: 5_000 }, system_cpu_usage: 40_000, online_cpus: 2 }, precpu_stats: { cpu_usage: { total_usage: 0 } } };
    expect(computeFigures(raw, { total: 3_000, system: 20_000 }).cpuPercent).toBe(20);
    // No earlier reading: no CPU share can be known yet, rather than a share since boot.
    expect(computeFigures(raw).cpuPercent).toBe(0);
    // Counters that went backwards (container restarted) give 0, never a negative share.
    expect(computeFigures(raw, { total: 9_000, system: 20_000 }).cpuPercent).toBe(0);
  });
});

describe('containerCreateOptions', () => {
  it('sets restart policy, init, memory, ports and the primary network', () => {
    const o = containerCreateOptions({
      service: 'relay',
      name: 'netbird-a-relay',
      image: 'img',
      env: { A: 'b=c' },
      labels: { l: 'v' },
      binds: [{ source: '/d/x', target: '/x', readOnly: true }],
      ports: [{ container: 3479, host: 3479, protocol: 'udp' }],
      networks: ['netbird-a', 'proxy'],
      memoryLimitBytes: 1024,
      phase: 0,
    });
    expect(o.Env).toEqual(['A=b=c']);
    expect(o.HostConfig).toMatchObject({
      RestartPolicy: { Name: 'unless-stopped' },
      Init: true,
      Memory: 1024,
      Binds: ['/d/x:/x:ro'],
      PortBindings: { '3479/udp': [{ HostIp: '', HostPort: '3479' }] },
      NetworkMode: 'netbird-a',
    });
    expect(Object.keys(o.NetworkingConfig?.EndpointsConfig ?? {})).toEqual(['netbird-a']);
    // The name as an alias keeps a container renamed aside during a redeploy reachable by it.
    expect(o.NetworkingConfig?.EndpointsConfig?.['netbird-a'].Aliases).toEqual(['relay', 'netbird-a-relay']);
  });
});

describe('dockerOptionsFor', () => {
  it('understands unix:// and tcp:// hosts and refuses others', () => {
    expect(dockerOptionsFor('unix:///var/run/docker.sock')).toEqual({ socketPath: '/var/run/docker.sock' });
    expect(dockerOptionsFor('tcp://10.0.0.2:2375')).toEqual({ host: '10.0.0.2', port: 2375, protocol: 'http' });
    expect(() => dockerOptionsFor('ssh://x')).toThrow(/not supported/);
  });
});

describe('toTenantEvent', () => {
  it('keeps our containers events and normalises health_status', () => {
    const e = toTenantEvent({
      Type: 'container',
      Action: 'health_status: healthy',
      Actor: { ID: 'abc', Attributes: { 'netbird-msp.customer': 'c1', 'netbird-msp.service': 'caddy' } },
      timeNano: 1_700_000_000_000_000_000,
    });
    expect(e).toMatchObject({ customerId: 'c1', service: 'caddy', action: 'health_status', containerId: 'abc' });
    expect(toTenantEvent({ Type: 'container', Action: 'start', Actor: { Attributes: {} } })).toBeUndefined();
  });
});
