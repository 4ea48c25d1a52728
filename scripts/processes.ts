import { spawn, type ChildProcess } from 'node:child_process'

// Runs the system's processes side by side with prefixed output, and stops them all together:
// when one exits, or on Ctrl-C, the others get SIGTERM (then SIGKILL after a grace period).

const COLOURS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m']
const RESET = '\x1b[0m'

export interface ProcessSpec {
  name: string
  command: string
  args: string[]
  env?: Record<string, string>
}

function prefixLines(name: string, colour: string, stream: NodeJS.WritableStream) {
  let pending = ''
  return (chunk: Buffer) => {
    pending += chunk.toString()
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) stream.write(`${colour}${name.padEnd(8)}${RESET} ${line}\n`)
  }
}

export class ProcessGroup {
  private readonly children = new Map<string, ChildProcess>()
  private stopping = false
  private exitCode = 0
  readonly exited: Promise<number>
  private resolveExit!: (code: number) => void

  constructor() {
    this.exited = new Promise((resolve) => (this.resolveExit = resolve))
  }

  /** Starts a long-running process; its exit stops the group. */
  start(spec: ProcessSpec): ChildProcess {
    return this.spawn(spec, false)
  }

  /** Runs a task to completion (a build, say) without its exit stopping the group. */
  run(spec: ProcessSpec): Promise<number> {
    const child = this.spawn(spec, true)
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)))
  }

  private spawn(spec: ProcessSpec, task: boolean): ChildProcess {
    const colour = COLOURS[this.children.size % COLOURS.length]!
    const child = spawn(spec.command, spec.args, { env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout!.on('data', prefixLines(spec.name, colour, process.stdout))
    child.stderr!.on('data', prefixLines(spec.name, colour, process.stderr))
    child.on('exit', (code, signal) => {
      this.children.delete(spec.name)
      if (task && !this.stopping) return
      if (!this.stopping) {
        console.error(`${spec.name} exited (${signal ?? code}); stopping everything`)
        void this.stop(code || 1)
      } else if (this.children.size === 0) this.resolveExit(this.exitCode)
    })
    this.children.set(spec.name, child)
    return child
  }

  async stop(code = 0): Promise<void> {
    if (this.stopping) return
    this.stopping = true
    this.exitCode = code
    if (this.children.size === 0) return this.resolveExit(code)
    for (const child of this.children.values()) child.kill('SIGTERM')
    const killer = setTimeout(() => this.children.forEach((child) => child.kill('SIGKILL')), 10_000)
    await this.exited
    clearTimeout(killer)
  }
}
