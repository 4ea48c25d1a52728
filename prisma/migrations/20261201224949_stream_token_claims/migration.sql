-- CreateTable
CREATE TABLE "StreamTokenClaim" (
    "jti" UUID NOT NULL,
    "callSid" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StreamTokenClaim_pkey" PRIMARY KEY ("jti")
);

-- CreateIndex
CREATE INDEX "StreamTokenClaim_expiresAt_idx" ON "StreamTokenClaim"("expiresAt");
