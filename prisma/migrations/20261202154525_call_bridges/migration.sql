-- CreateTable
CREATE TABLE "CallBridge" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "conference" TEXT NOT NULL,
    "conferenceSid" TEXT,
    "customerCallSid" TEXT,
    "agentCallSid" TEXT,
    "targetCallSid" TEXT,
    "transferMode" TEXT,
    "fallback" TEXT NOT NULL,
    "customerWaiting" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallBridge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CallBridge_conference_key" ON "CallBridge"("conference");

-- CreateIndex
CREATE UNIQUE INDEX "CallBridge_customerCallSid_key" ON "CallBridge"("customerCallSid");

-- CreateIndex
CREATE UNIQUE INDEX "CallBridge_agentCallSid_key" ON "CallBridge"("agentCallSid");

-- CreateIndex
CREATE UNIQUE INDEX "CallBridge_targetCallSid_key" ON "CallBridge"("targetCallSid");

-- CreateIndex
CREATE INDEX "CallBridge_organizationId_idx" ON "CallBridge"("organizationId");

-- AddForeignKey
ALTER TABLE "CallBridge" ADD CONSTRAINT "CallBridge_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
