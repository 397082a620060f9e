import { listBackupsQuerySchema, recoverRequestSchema, restoreRequestSchema } from '../../backups/schemas';
import { backupSettingsUpdateSchema } from '../../backups/settings-schema';
import { documentOperations } from './registry';

const snapshotExample = { snapshot_id: '4f1c…', short_id: '4f1c9a2b', kind: 'tenant', customer_id: 'cm…', subdomain: 'acme', time: '2026-11-29T02:00:03Z', state: 'succeeded', size_bytes: 20971520, added_bytes: 1048576, duration_ms: 2300, pause_ms: 240, in_repository: true };

documentOperations([
  { method: 'get', path: '/api/customers/{id}/backups', tag: 'Backups', summary: "The customer's snapshots (time, size, added data, duration, pause, result)", access: 'backups:run',
    description: 'Lists restic snapshots tagged with the customer id, joined with this appliance\'s record of each run (failed runs too). Works for a deleted customer: its snapshots stay in the repository.',
    responseExample: { items: [snapshotExample], repository_error: null } },
  { method: 'post', path: '/api/customers/{id}/backups', tag: 'Backups', summary: 'Back up now (202 with the job; 409 naming a running job of this customer)', access: 'backups:run' },
  { method: 'post', path: '/api/customers/{id}/backups/{snapshot}/restore', tag: 'Backups', summary: 'Restore a snapshot in place or as a new customer (202 with the job)', access: 'backups:restore', body: restoreRequestSchema,
    bodyExample: { mode: 'new_customer', subdomain: 'acme-restored' },
    description: 'The snapshot must be a tenant snapshot in the repository (404 or 422 on `snapshot` otherwise; nothing is created). in_place: a safety snapshot of the current state is taken first (of the data on the tenant\'s host when its containers are gone; skipped when there is no data); the snapshot is read and verified completely, then written into a staging directory beside the tenant\'s data and swapped in only when all of it arrived, so a failure leaves the data as it was. new_customer: a clone under another subdomain, in the snapshot\'s layout; its NetBird domain differs, so existing peers do not follow it. A new customer whose restore fails before the snapshot\'s record is applied is removed again.' },
  { method: 'get', path: '/api/settings/backups', tag: 'Backups', summary: 'Backup repository, schedule and retention (the generated password appears once)', access: 'backups:restore' },
  { method: 'put', path: '/api/settings/backups', tag: 'Backups', summary: 'Change the backup repository, schedule or retention', access: 'backups:restore', body: backupSettingsUpdateSchema,
    bodyExample: { repository_type: 'sftp', sftp_target: 'backup@nas.example.com:/srv/restic/msp', sftp_port: 22, schedule: '0 2 * * *', keep_daily: 7, keep_weekly: 4, keep_monthly: 6 } },
  { method: 'post', path: '/api/settings/backups/test', tag: 'Backups', summary: 'Initialise or open the repository and report what it holds', access: 'backups:restore' },
  { method: 'get', path: '/api/backups', tag: 'Backups', summary: 'All snapshots in the repository (filter by customer, subdomain, kind)', access: 'backups:run', query: listBackupsQuerySchema },
  { method: 'post', path: '/api/backups', tag: 'Backups', summary: 'Run the scheduled backup now: every deployed customer, the appliance database, then retention (202)', access: 'backups:restore' },
  { method: 'get', path: '/api/backups/status', tag: 'Backups', summary: 'Failed or overdue customer backups (older than twice the schedule), the appliance backup, the next run', access: 'backups:run' },
  { method: 'post', path: '/api/backups/recover', tag: 'Backups', summary: 'Disaster recovery: restore the appliance database and/or tenants from the repository', access: 'backups:restore', body: recoverRequestSchema,
    bodyExample: { password: 'the repository password', appliance: true, all_tenants: true },
    description: 'Meant for a fresh appliance. Restoring the appliance database replaces every customer, deployment and host row: on an appliance that already has customers it is refused (409, naming how many) unless `force` is true; with `force` the current database is backed up into the repository first (its snapshot id is returned as `replaced_database_snapshot_id`), and nothing is replaced when that backup fails. Restoring tenants alone (without `appliance`) never replaces other customers.' },
]);
