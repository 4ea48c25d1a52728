-- Edited by hand: each SET NULL clears only the referencing id column (PostgreSQL 15+); a plain
-- SET NULL would also null "organizationId", which is NOT NULL.

-- DropForeignKey
ALTER TABLE "CallLog" DROP CONSTRAINT "CallLog_agentUserId_fkey";

-- DropForeignKey
ALTER TABLE "CallLog" DROP CONSTRAINT "CallLog_phoneNumberId_fkey";

-- DropForeignKey
ALTER TABLE "Invitation" DROP CONSTRAINT "Invitation_invitedById_fkey";

-- DropForeignKey
ALTER TABLE "Recording" DROP CONSTRAINT "Recording_callLogId_fkey";

-- DropForeignKey
ALTER TABLE "Voicemail" DROP CONSTRAINT "Voicemail_phoneNumberId_fkey";

-- DropForeignKey
ALTER TABLE "Voicemail" DROP CONSTRAINT "Voicemail_recordingId_fkey";

-- CreateIndex
CREATE UNIQUE INDEX "Recording_organizationId_id_key" ON "Recording"("organizationId", "id");

-- AddForeignKey
ALTER TABLE "CallLog" ADD CONSTRAINT "CallLog_organizationId_phoneNumberId_fkey" FOREIGN KEY ("organizationId", "phoneNumberId") REFERENCES "PhoneNumber"("organizationId", "id") ON DELETE SET NULL ("phoneNumberId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallLog" ADD CONSTRAINT "CallLog_organizationId_agentUserId_fkey" FOREIGN KEY ("organizationId", "agentUserId") REFERENCES "User"("organizationId", "id") ON DELETE SET NULL ("agentUserId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recording" ADD CONSTRAINT "Recording_organizationId_callLogId_fkey" FOREIGN KEY ("organizationId", "callLogId") REFERENCES "CallLog"("organizationId", "id") ON DELETE SET NULL ("callLogId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Voicemail" ADD CONSTRAINT "Voicemail_organizationId_phoneNumberId_fkey" FOREIGN KEY ("organizationId", "phoneNumberId") REFERENCES "PhoneNumber"("organizationId", "id") ON DELETE SET NULL ("phoneNumberId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Voicemail" ADD CONSTRAINT "Voicemail_organizationId_recordingId_fkey" FOREIGN KEY ("organizationId", "recordingId") REFERENCES "Recording"("organizationId", "id") ON DELETE SET NULL ("recordingId") ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_organizationId_invitedById_fkey" FOREIGN KEY ("organizationId", "invitedById") REFERENCES "User"("organizationId", "id") ON DELETE SET NULL ("invitedById") ON UPDATE CASCADE;
