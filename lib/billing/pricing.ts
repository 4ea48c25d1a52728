// What a call costs. Twilio's own price (reported on the call, negative, in USD) wins; without it
// the configurable price table is used, per started minute as Twilio bills
// (https://www.twilio.com/en-us/voice/pricing/us: "billed per minute, rounded up").

export interface PriceTable {
  inboundPerMinuteUsd: number
  outboundPerMinuteUsd: number
  recordingPerMinuteUsd: number
}

export interface CallCost {
  /** Minutes as billed: every started minute counts. */
  billedMinutes: number
  costUsd: number
  source: 'twilio' | 'price-table'
}

export const billedMinutes = (durationSeconds: number) => Math.ceil(Math.max(0, durationSeconds) / 60)

export function callCost(call: { direction: 'INBOUND' | 'OUTBOUND'; durationSeconds: number; twilioPrice: string | number | null }, table: PriceTable): CallCost {
  const minutes = billedMinutes(call.durationSeconds)
  const reported = call.twilioPrice === null || call.twilioPrice === '' ? NaN : Number(call.twilioPrice)
  if (Number.isFinite(reported)) return { billedMinutes: minutes, costUsd: roundUsd(Math.abs(reported)), source: 'twilio' }
  const rate = call.direction === 'INBOUND' ? table.inboundPerMinuteUsd : table.outboundPerMinuteUsd
  return { billedMinutes: minutes, costUsd: roundUsd(minutes * rate), source: 'price-table' }
}

export function recordingCost(durationSeconds: number, table: PriceTable): { billedMinutes: number; costUsd: number } {
  const minutes = billedMinutes(durationSeconds)
  return { billedMinutes: minutes, costUsd: roundUsd(minutes * table.recordingPerMinuteUsd) }
}

/** Six decimal places, as the database keeps it. */
const roundUsd = (usd: number) => Math.round(usd * 1e6) / 1e6
