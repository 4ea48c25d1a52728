-- CreateEnum
CREATE TYPE "ProvisioningStep" AS ENUM ('SUBACCOUNT', 'APPLICATION', 'API_KEY', 'DONE');

-- CreateEnum
CREATE TYPE "NumberStatus" AS ENUM ('ACTIVE', 'RELEASED', 'MISSING');

-- DropForeignKey
ALTER TABLE "PhoneNumber" DROP CONSTRAINT "PhoneNumber_businessHoursId_fkey";

-- DropForeignKey
ALTER TABLE "PhoneNumber" DROP CONSTRAINT "PhoneNumber_routeQueueId_fkey";

-- DropForeignKey
ALTER TABLE "PhoneNumber" DROP CONSTRAINT "PhoneNumber_routeUserId_fkey";

-- DropForeignKey
ALTER TABLE "QueueMember" DROP CONSTRAINT "QueueMember_queueId_fkey";

-- DropForeignKey
ALTER TABLE "QueueMember" DROP CONSTRAINT "QueueMember_userId_fkey";

-- DropIndex
DROP INDEX "PhoneNumber_e164_key";

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "planId" TEXT NOT NULL DEFAULT 'starter',
ADD COLUMN     "provisioningStep" "ProvisioningStep" NOT NULL DEFAULT 'SUBACCOUNT';

-- AlterTable
ALTER TABLE "PhoneNumber" ADD COLUMN     "releasedAt" TIMESTAMP(3),
ADD COLUMN     "status" "NumberStatus" NOT NULL DEFAULT 'ACTIVE',
ADD COLUMN     "statusNote" TEXT;

-- AlterTable
ALTER TABLE "QueueMember" ADD COLUMN     "organizationId" TEXT NOT NULL;

-- CreateTable
CREATE TABLE "Plan" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "numberLimit" INTEGER NOT NULL DEFAULT 3,

    CONSTRAINT "Plan_pkey" PRIMARY KEY ("id")
);

-- The default plan every organization starts on (Organization.planId defaults to it).
INSERT INTO "Plan" ("id", "name", "numberLimit") VALUES ('starter', 'Starter', 3);

-- CreateTable
CREATE TABLE "OrganizationEvent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "detail" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrganizationEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrganizationEvent_organizationId_createdAt_idx" ON "OrganizationEvent"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BusinessHours_organizationId_id_key" ON "BusinessHours"("organizationId", "id");

-- CreateIndex
CREATE INDEX "PhoneNumber_e164_status_idx" ON "PhoneNumber"("e164", "status");

-- CreateIndex
CREATE UNIQUE INDEX "PhoneNumber_organizationId_id_key" ON "PhoneNumber"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Queue_organizationId_id_key" ON "Queue"("organizationId", "id");

-- CreateIndex
CREATE INDEX "QueueMember_organizationId_userId_idx" ON "QueueMember"("organizationId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "User_organizationId_id_key" ON "User"("organizationId", "id");

-- AddForeignKey
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganizationEvent" ADD CONSTRAINT "OrganizationEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_organizationId_routeUserId_fkey" FOREIGN KEY ("organizationId", "routeUserId") REFERENCES "User"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_organizationId_routeQueueId_fkey" FOREIGN KEY ("organizationId", "routeQueueId") REFERENCES "Queue"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_organizationId_businessHoursId_fkey" FOREIGN KEY ("organizationId", "businessHoursId") REFERENCES "BusinessHours"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueMember" ADD CONSTRAINT "QueueMember_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueMember" ADD CONSTRAINT "QueueMember_organizationId_queueId_fkey" FOREIGN KEY ("organizationId", "queueId") REFERENCES "Queue"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueMember" ADD CONSTRAINT "QueueMember_organizationId_userId_fkey" FOREIGN KEY ("organizationId", "userId") REFERENCES "User"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
