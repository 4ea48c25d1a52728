/**
 * Numbers outside the sandbox (not bought in it) that `<Dial><Number>` and outbound API calls
 * reach. Each behaves as configured through the control API; unknown numbers answer.
 */
export type OutsideBehavior = 'answer' | 'ring-out' | 'busy' | 'fail'

export interface OutsideNumberConfig {
  behavior: OutsideBehavior
  /** How long the phone rings before answering (behavior 'answer'). */
  ringSeconds: number
  /** Text the answering party says when it picks up (synthesized), if any. */
  greeting?: string
}

export const DEFAULT_OUTSIDE_NUMBER: OutsideNumberConfig = { behavior: 'answer', ringSeconds: 2 }

export class OutsideNumbers {
  private readonly configs = new Map<string, OutsideNumberConfig>()

  get(phoneNumber: string): OutsideNumberConfig {
    return this.configs.get(phoneNumber) ?? DEFAULT_OUTSIDE_NUMBER
  }

  set(phoneNumber: string, config: Partial<OutsideNumberConfig> & { behavior: OutsideBehavior }): OutsideNumberConfig {
    const merged = { ...DEFAULT_OUTSIDE_NUMBER, ...config }
    this.configs.set(phoneNumber, merged)
    return merged
  }

  list(): { phoneNumber: string; config: OutsideNumberConfig }[] {
    return [...this.configs].map(([phoneNumber, config]) => ({ phoneNumber, config }))
  }
}
