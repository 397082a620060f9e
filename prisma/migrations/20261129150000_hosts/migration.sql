-- CreateTable
CREATE TABLE "Host" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "sshKey" TEXT,
    "tlsCa" TEXT,
    "tlsCert" TEXT,
    "tlsKey" TEXT,
    "publicAddress" TEXT,
    "forwardAddress" TEXT,
    "dashboardPortStart" INTEGER,
    "dashboardPortEnd" INTEGER,
    "relayPortStart" INTEGER,
    "relayPortEnd" INTEGER,
    "labels" TEXT NOT NULL DEFAULT '[]',
    "state" TEXT NOT NULL DEFAULT 'ready',
    "lastContactAt" DATETIME,
    "lastError" TEXT,
    "facts" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Host_name_key" ON "Host"("name");

-- The appliance's own engine is a host like any other; every existing tenant runs on it.
INSERT INTO "Host" ("id", "name", "endpoint", "updatedAt") VALUES ('local', 'local', 'local', CURRENT_TIMESTAMP);

-- Deployment: a host per tenant, ports unique per host. Written as ADD COLUMN and index swaps
-- (Prisma's own diff would rebuild the whole table) so nothing else about the table changes.
ALTER TABLE "Deployment" ADD COLUMN "hostId" TEXT NOT NULL DEFAULT 'local';
DROP INDEX "Deployment_dashboardPort_key";
DROP INDEX "Deployment_relayPort_key";
CREATE INDEX "Deployment_hostId_idx" ON "Deployment"("hostId");
CREATE UNIQUE INDEX "Deployment_hostId_dashboardPort_key" ON "Deployment"("hostId", "dashboardPort");
CREATE UNIQUE INDEX "Deployment_hostId_relayPort_key" ON "Deployment"("hostId", "relayPort");
