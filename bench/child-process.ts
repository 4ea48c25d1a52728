/**
 * A bench's server under test in its own process: forked with tsx, optionally pinned to one core,
 * spoken to over IPC. Every message the child sends is kept until someone asks for it, so a reply
 * that arrives before its request is awaited (the child's `started`, sent the moment it loads)
 * is never lost.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process'

type Message = { type: string } & Record<string, unknown>

/**
 * On a 2-core machine the load generator needs about as much CPU as the server it loads; left
 * to the scheduler they preempt each other for whole time slices and the figures measure the
 * contention. With `taskset` the server under test gets a core to itself.
 */
export function pinToCpu(pid: number, cpu: number): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export class BenchChild {
  private readonly child: ChildProcess
  private readonly unclaimed: Message[] = []
  private readonly waiting: Array<(message: Message) => boolean> = []

  constructor(script: string, env: Record<string, string>, options: { cpu?: number; profileAs?: string } = {}) {
    this.child = fork(script, [], {
      env: { ...process.env, ...env },
      execArgv: ['--expose-gc', '--import', 'tsx', ...(options.profileAs && process.env.BENCH_CPU_PROF === options.profileAs ? ['--cpu-prof', '--cpu-prof-dir=.local/prof'] : [])],
    })
    if (options.cpu !== undefined) pinToCpu(this.child.pid!, options.cpu)
    this.child.on('message', (message: Message) => {
      const index = this.waiting.findIndex((accept) => accept(message))
      if (index >= 0) this.waiting.splice(index, 1)
      else this.unclaimed.push(message)
    })
  }

  /** Sends `message` (if any) and resolves with the first reply of `replyType` that `match` accepts, including one already received. */
  request<T extends Record<string, unknown>>(message: object | null, replyType: string, match: (reply: T) => boolean = () => true): Promise<T> {
    const accepts = (candidate: Message) => candidate.type === replyType && match(candidate as unknown as T)
    const early = this.unclaimed.findIndex(accepts)
    const reply =
      early >= 0
        ? Promise.resolve(this.unclaimed.splice(early, 1)[0] as unknown as T)
        : new Promise<T>((resolve) =>
            this.waiting.push((candidate) => {
              if (!accepts(candidate)) return false
              resolve(candidate as unknown as T)
              return true
            }),
          )
    if (message) this.child.send(message)
    return reply
  }

  send(message: object): void {
    this.child.send(message)
  }

  exited(): Promise<void> {
    return new Promise((resolve) => (this.child.exitCode !== null ? resolve() : this.child.once('exit', () => resolve())))
  }
}
