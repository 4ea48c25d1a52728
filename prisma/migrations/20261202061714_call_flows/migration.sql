-- AlterTable
ALTER TABLE "PhoneNumber" ADD COLUMN     "callFlowId" TEXT;

-- CreateTable
CREATE TABLE "CallFlow" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallFlow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallFlowVersion" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "callFlowId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallFlowVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CallFlow_organizationId_name_key" ON "CallFlow"("organizationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "CallFlow_organizationId_id_key" ON "CallFlow"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "CallFlowVersion_callFlowId_version_key" ON "CallFlowVersion"("callFlowId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "CallFlowVersion_organizationId_id_key" ON "CallFlowVersion"("organizationId", "id");

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_organizationId_callFlowId_fkey" FOREIGN KEY ("organizationId", "callFlowId") REFERENCES "CallFlow"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallFlow" ADD CONSTRAINT "CallFlow_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallFlowVersion" ADD CONSTRAINT "CallFlowVersion_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallFlowVersion" ADD CONSTRAINT "CallFlowVersion_organizationId_callFlowId_fkey" FOREIGN KEY ("organizationId", "callFlowId") REFERENCES "CallFlow"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
