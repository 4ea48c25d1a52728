import type { TestProject } from 'vitest/node'
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded'
import { applyMigrations } from './migrations'

// One database for the whole test run: a real PostgreSQL when TEST_DATABASE_URL is set (CI),
// else a throwaway embedded PostgreSQL. Tests run in parallel workers and isolate their data by
// creating their own organizations, never by truncating tables.

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
  }
}

let embedded: EmbeddedDatabase | undefined

export async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL || (embedded = await startEmbeddedDatabase()).url
  await applyMigrations(url)
  project.provide('databaseUrl', url)
}

export async function teardown() {
  await embedded?.stop()
}
