import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricsRegistry } from './metrics';

describe('the example Grafana dashboard', () => {
  it('queries only metrics the exporter has', () => {
    const file = path.join(__dirname, '..', '..', 'docs', 'grafana', 'netbird-msp-appliance.json');
    const dashboard = JSON.parse(fs.readFileSync(file, 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const used = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/netbird_msp_\w+/g) ?? [])).map((n) => n.replace(/_(bucket|sum|count)$/, '')));
    const exported = new Set(metricsRegistry().getMetricsAsArray().map((m) => m.name));
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((n) => !exported.has(n))).toEqual([]);
  });
});
