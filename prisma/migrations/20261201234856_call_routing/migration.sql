-- DropForeignKey
ALTER TABLE "BusinessHoursException" DROP CONSTRAINT "BusinessHoursException_businessHoursId_fkey";

-- DropForeignKey
ALTER TABLE "BusinessHoursInterval" DROP CONSTRAINT "BusinessHoursInterval_businessHoursId_fkey";

-- DropForeignKey
ALTER TABLE "CallEvent" DROP CONSTRAINT "CallEvent_callLogId_fkey";

-- DropForeignKey
ALTER TABLE "CallerMessage" DROP CONSTRAINT "CallerMessage_callLogId_fkey";

-- DropForeignKey
ALTER TABLE "UsageRecord" DROP CONSTRAINT "UsageRecord_callLogId_fkey";

-- DropForeignKey
ALTER TABLE "Voicemail" DROP CONSTRAINT "Voicemail_callLogId_fkey";

-- DropIndex
DROP INDEX "BusinessHoursInterval_businessHoursId_idx";

-- AlterTable
ALTER TABLE "BusinessHours" ADD COLUMN     "isDefault" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "BusinessHoursException" ADD COLUMN     "organizationId" TEXT NOT NULL;

-- AlterTable
ALTER TABLE "BusinessHoursInterval" ADD COLUMN     "organizationId" TEXT NOT NULL;

-- AlterTable
ALTER TABLE "CallLog" ADD COLUMN     "costUsd" DECIMAL(12,6),
ADD COLUMN     "parentCallLogId" TEXT;

-- AlterTable
ALTER TABLE "CallerMessage" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'MESSAGE';

-- AlterTable
ALTER TABLE "Voicemail" ADD COLUMN     "callSid" TEXT NOT NULL,
ADD COLUMN     "recordingSid" TEXT NOT NULL,
ADD COLUMN     "recordingStatus" TEXT,
ADD COLUMN     "recordingUrl" TEXT,
ADD COLUMN     "toNumber" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "BusinessHoursException_organizationId_businessHoursId_idx" ON "BusinessHoursException"("organizationId", "businessHoursId");

-- CreateIndex
CREATE INDEX "BusinessHoursInterval_organizationId_businessHoursId_idx" ON "BusinessHoursInterval"("organizationId", "businessHoursId");

-- CreateIndex
CREATE INDEX "CallLog_organizationId_parentCallLogId_idx" ON "CallLog"("organizationId", "parentCallLogId");

-- CreateIndex
CREATE UNIQUE INDEX "CallLog_organizationId_id_key" ON "CallLog"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "CallerMessage_callLogId_kind_key" ON "CallerMessage"("callLogId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Voicemail_recordingSid_key" ON "Voicemail"("recordingSid");

-- AddForeignKey
ALTER TABLE "BusinessHoursInterval" ADD CONSTRAINT "BusinessHoursInterval_organizationId_businessHoursId_fkey" FOREIGN KEY ("organizationId", "businessHoursId") REFERENCES "BusinessHours"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BusinessHoursException" ADD CONSTRAINT "BusinessHoursException_organizationId_businessHoursId_fkey" FOREIGN KEY ("organizationId", "businessHoursId") REFERENCES "BusinessHours"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallLog" ADD CONSTRAINT "CallLog_organizationId_parentCallLogId_fkey" FOREIGN KEY ("organizationId", "parentCallLogId") REFERENCES "CallLog"("organizationId", "id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "CallEvent" ADD CONSTRAINT "CallEvent_organizationId_callLogId_fkey" FOREIGN KEY ("organizationId", "callLogId") REFERENCES "CallLog"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Voicemail" ADD CONSTRAINT "Voicemail_organizationId_callLogId_fkey" FOREIGN KEY ("organizationId", "callLogId") REFERENCES "CallLog"("organizationId", "id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "CallerMessage" ADD CONSTRAINT "CallerMessage_organizationId_callLogId_fkey" FOREIGN KEY ("organizationId", "callLogId") REFERENCES "CallLog"("organizationId", "id") ON DELETE NO ACTION ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "UsageRecord" ADD CONSTRAINT "UsageRecord_organizationId_callLogId_fkey" FOREIGN KEY ("organizationId", "callLogId") REFERENCES "CallLog"("organizationId", "id") ON DELETE NO ACTION ON UPDATE NO ACTION;
