'use client';

import { useTranslations } from 'next-intl';
import { Col, Row } from 'react-bootstrap';
import type { HostOverview } from '@/lib/monitoring/views';
import { StatCard } from './stat-card';
import { UsageBar } from './usage-bar';
import { useFigureFormat } from './use-figure-format';

/** Host CPU, memory, disks, load, Docker totals and capacity as a row of cards. */
export function HostCards({ data }: { data: HostOverview }) {
  const t = useTranslations('monitoring');
  const f = useFigureFormat();
  const { host, docker, capacity } = data;
  return (
    <Row xs={1} sm={2} xl={4} className="g-3 mb-4">
      {host && (
        <>
          <Col>
            <StatCard testId="card-cpu" icon="cpu" title={t('cpu')} value={f.percent(host.cpu_percent)} detail={t('cores', { count: host.cpus })}>
              <UsageBar percent={host.cpu_percent} label={t('cpu')} />
            </StatCard>
          </Col>
          <Col>
            <StatCard testId="card-memory" icon="memory" title={t('memory')} value={f.percent(host.memory.used_percent)} detail={t('usedOf', { used: f.bytes(host.memory.used_bytes), total: f.bytes(host.memory.total_bytes) })}>
              <UsageBar percent={host.memory.used_percent} label={t('memory')} />
            </StatCard>
          </Col>
          {host.disks.map((d) => (
            <Col key={d.label}>
              <StatCard testId={`card-disk-${d.label}`} icon="device-hdd" title={t(`disk.${d.label === 'database' ? 'database' : 'data'}`)} value={f.percent(d.used_percent)} detail={<span title={d.path}>{t('freeOf', { free: f.bytes(d.free_bytes), total: f.bytes(d.total_bytes) })}</span>}>
                <UsageBar percent={d.used_percent} label={t(`disk.${d.label === 'database' ? 'database' : 'data'}`)} />
              </StatCard>
            </Col>
          ))}
          <Col>
            <StatCard testId="card-load" icon="speedometer2" title={t('load')} value={`${f.number(host.load.one)} · ${f.number(host.load.five)} · ${f.number(host.load.fifteen)}`} detail={t('uptime', { uptime: f.duration(host.uptime_seconds) })} />
          </Col>
        </>
      )}
      <Col>
        <StatCard
          testId="card-docker"
          icon="boxes"
          title={t('docker.title')}
          value={docker ? t('docker.running', { running: docker.running, total: docker.containers }) : t('docker.unavailable')}
          detail={docker ? t('docker.detail', { stopped: docker.stopped, images: docker.images, version: docker.server_version }) : (data.docker_error ?? undefined)}
        />
      </Col>
      <Col>
        <StatCard
          testId="card-capacity"
          icon="plus-square-dotted"
          title={t('capacity.title')}
          value={capacity.estimated_more === null ? '–' : t('capacity.more', { count: capacity.estimated_more })}
          detail={
            capacity.per_tenant_bytes === null
              ? t('capacity.noBasis', { running: capacity.tenants_running })
              : t(`capacity.basis.${capacity.basis === 'sampled' ? 'sampled' : 'limit'}`, { running: capacity.tenants_running, perTenant: f.bytes(capacity.per_tenant_bytes) })
          }
        />
      </Col>
    </Row>
  );
}
