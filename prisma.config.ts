import path from 'node:path'
import { defineConfig } from 'prisma/config'

// `prisma generate` needs no engine, but the CLI insists that a schema-engine path resolves:
// point it at any existing file so it never tries to download one (there is no network here).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve('package.json')

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
})
