-- Where a remote host keeps its tenants' files, and the host a new customer was placed on
-- before its first deploy. Added columns only: no table is rebuilt.
ALTER TABLE "Host" ADD COLUMN "tenantRoot" TEXT NOT NULL DEFAULT '/var/lib/netbird-msp/tenants';
ALTER TABLE "Host" ADD COLUMN "sshHostKey" TEXT;
ALTER TABLE "Customer" ADD COLUMN "hostId" TEXT;
