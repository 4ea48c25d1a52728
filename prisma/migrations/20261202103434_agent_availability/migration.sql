-- CreateEnum
CREATE TYPE "AgentAvailability" AS ENUM ('AVAILABLE', 'BUSY', 'OFFLINE');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "availability" "AgentAvailability" NOT NULL DEFAULT 'OFFLINE',
ADD COLUMN     "availabilityChangedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "CallLog_organizationId_agentUserId_status_idx" ON "CallLog"("organizationId", "agentUserId", "status");
