-- DropForeignKey
ALTER TABLE "AuditLog" DROP CONSTRAINT "AuditLog_actorUserId_fkey";

-- AddForeignKey
-- Edited by hand: SET NULL only the actor column (PostgreSQL 15+); a plain SET NULL would also
-- null "organizationId", which is NOT NULL, and removing a member would fail.
ALTER TABLE "AuditLog" ADD CONSTRAINT "AuditLog_organizationId_actorUserId_fkey" FOREIGN KEY ("organizationId", "actorUserId") REFERENCES "User"("organizationId", "id") ON DELETE SET NULL ("actorUserId") ON UPDATE CASCADE;
