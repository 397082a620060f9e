/** The JSON shapes of the monitoring routes (snake_case), shared by the routes and the browser. */

export interface SampleAge {
  sampled_at: string | null;
  age_seconds: number | null;
  interval_seconds: number;
}

export interface DiskView {
  label: string;
  path: string;
  total_bytes: number;
  free_bytes: number;
  used_bytes: number;
  used_percent: number;
}

export interface HostView {
  hostname: string;
  cpus: number;
  cpu_percent: number;
  memory: { total_bytes: number; available_bytes: number; used_bytes: number; used_percent: number; swap_total_bytes: number; swap_used_bytes: number };
  load: { one: number; five: number; fifteen: number };
  uptime_seconds: number;
  disks: DiskView[];
}

export interface DockerView {
  sampled_at: string;
  server_version: string;
  containers: number;
  running: number;
  paused: number;
  stopped: number;
  images: number;
  cpus: number;
  memory_bytes: number;
}

export interface CapacityView {
  tenants_running: number;
  estimated_more: number | null;
  per_tenant_bytes: number | null;
  basis: 'sampled' | 'limit' | 'none';
}

export interface HostOverview extends SampleAge {
  host: HostView | null;
  host_error: string | null;
  docker: DockerView | null;
  docker_error: string | null;
  capacity: CapacityView;
}

export interface CustomerUsageRow {
  id: string;
  name: string;
  subdomain: string;
  status: string;
  /** null: the customer had no running container in the last sample. */
  cpu_percent: number | null;
  memory_bytes: number | null;
  memory_limit_bytes: number | null;
  containers_running: number;
  network_rx_bytes: number | null;
  network_tx_bytes: number | null;
}

export interface CustomerUsagePage extends SampleAge {
  items: CustomerUsageRow[];
  total: number;
  page: number;
  per_page: number;
  sort: 'cpu' | 'memory' | 'name';
  order: 'asc' | 'desc';
  sampling: boolean;
  error: string | null;
}

export interface HostHistoryPoint {
  t: number;
  cpu_percent: number;
  memory_used_bytes: number;
  memory_total_bytes: number;
  load1: number;
}

export interface CustomerHistoryPoint {
  t: number;
  cpu_percent: number | null;
  memory_bytes: number | null;
}

export type UsageHistory =
  | { scope: 'host'; interval_seconds: number; points: HostHistoryPoint[] }
  | { scope: 'customer'; customer_id: string; interval_seconds: number; points: CustomerHistoryPoint[] };
