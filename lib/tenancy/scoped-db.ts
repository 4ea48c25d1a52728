import type { PrismaClient } from '@/lib/generated/prisma/client'

// A Prisma client bound to one organization: every read, update and delete of a tenant-owned
// model gets `organizationId` added to its filter, and every create gets it written, so a query
// built from a request's ids cannot reach another organization's rows — it finds nothing.
// Prisma accepts non-unique fields beside the unique one in `where` of findUnique/update/delete.
//
// Writes through a relation (`connect`, nested `create`/`update`, …) would act on rows this
// filter never sees, so they are refused: write each row through its own scoped model instead.
// Relation ids written as scalars (`routeUserId`) are safe because every relation between
// tenant-owned rows is a composite foreign key on (organizationId, id): PostgreSQL refuses an id
// of another organization (lib/tenancy/tenant-references.test.ts).

export const TENANT_MODELS: ReadonlySet<string> = new Set([
  'User', 'PhoneNumber', 'BusinessHours', 'BusinessHoursInterval', 'BusinessHoursException', 'Queue', 'CallLog',
  'CallEvent', 'Recording', 'Voicemail', 'CallerMessage', 'UsageRecord', 'AuditLog', 'OrganizationEvent', 'QueueMember',
  'Invitation', 'CallTranscriptTurn', 'CallFlow', 'CallFlowVersion', 'CallBridge',
])

const FILTERED = new Set([
  'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy',
  'update', 'updateMany', 'updateManyAndReturn', 'delete', 'deleteMany',
])

type Args = Record<string, unknown> & { where?: object; data?: unknown; create?: object; update?: unknown }

/** Each model's relation fields, from the client's own data model. */
export type RelationFields = ReadonlyMap<string, ReadonlySet<string>>

export class NestedWriteError extends Error {
  override name = 'NestedWriteError'
}

function refuseNestedWrites(model: string, relations: RelationFields, ...payloads: unknown[]) {
  const fields = relations.get(model)
  for (const payload of payloads.flat()) {
    if (!payload || typeof payload !== 'object') continue
    const nested = Object.keys(payload).find((key) => fields?.has(key))
    if (nested) throw new NestedWriteError(`${model}.${nested}: writes through a relation are not organization-scoped; write that row through its own model`)
  }
}

function scopeArgs(model: string, operation: string, args: Args, organizationId: string, relations: RelationFields): Args {
  if (!TENANT_MODELS.has(model)) {
    throw new Error(`${model} is not tenant-owned; reach it through its organization-scoped parent`)
  }
  refuseNestedWrites(model, relations, args.data, args.create, args.update)
  if (FILTERED.has(operation)) return { ...args, where: { ...args.where, organizationId } }
  if (operation === 'create') return { ...args, data: { ...(args.data as object), organizationId } }
  if (operation === 'createMany' || operation === 'createManyAndReturn') {
    const rows = Array.isArray(args.data) ? args.data : [args.data]
    return { ...args, data: rows.map((row) => ({ ...(row as object), organizationId })) }
  }
  if (operation === 'upsert') {
    return { ...args, where: { ...args.where, organizationId }, create: { ...args.create, organizationId } }
  }
  throw new Error(`operation ${operation} is not supported on an organization-scoped client`)
}

interface RuntimeDataModel {
  models: Record<string, { fields: { name: string; kind: string }[] }>
}

const relationsByClient = new WeakMap<PrismaClient, RelationFields>()

/** Relation fields per model, read once per client from the data model Prisma generated into it. */
function relationFields(db: PrismaClient): RelationFields {
  let relations = relationsByClient.get(db)
  if (!relations) {
    const dataModel = (db as unknown as { _runtimeDataModel?: RuntimeDataModel })._runtimeDataModel
    if (!dataModel) throw new Error('the Prisma client carries no data model; scopedDb cannot tell relations from columns')
    relations = new Map(Object.entries(dataModel.models).map(([model, { fields }]) => [model, new Set(fields.filter((field) => field.kind === 'object').map((field) => field.name))]))
    relationsByClient.set(db, relations)
  }
  return relations
}

export function scopedDb(db: PrismaClient, organizationId: string) {
  const relations = relationFields(db)
  return db.$extends({
    name: 'organization-scope',
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          return query(scopeArgs(model, operation, args as Args, organizationId, relations))
        },
      },
    },
  })
}

export type ScopedDb = ReturnType<typeof scopedDb>
