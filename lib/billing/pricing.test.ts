import { describe, expect, it } from 'vitest'
import { callCost, recordingCost } from './pricing'

const table = { inboundPerMinuteUsd: 0.0085, outboundPerMinuteUsd: 0.014, recordingPerMinuteUsd: 0.0025 }

describe('call cost', () => {
  it('uses Twilio’s reported price when there is one', () => {
    expect(callCost({ direction: 'INBOUND', durationSeconds: 61, twilioPrice: '-0.01700' }, table)).toEqual({ billedMinutes: 2, costUsd: 0.017, source: 'twilio' })
    expect(callCost({ direction: 'INBOUND', durationSeconds: 0, twilioPrice: '0.00000' }, table)).toEqual({ billedMinutes: 0, costUsd: 0, source: 'twilio' })
  })

  it('otherwise prices every started minute from the table, by direction', () => {
    expect(callCost({ direction: 'INBOUND', durationSeconds: 1, twilioPrice: null }, table)).toEqual({ billedMinutes: 1, costUsd: 0.0085, source: 'price-table' })
    expect(callCost({ direction: 'INBOUND', durationSeconds: 60, twilioPrice: null }, table).billedMinutes).toBe(1)
    expect(callCost({ direction: 'INBOUND', durationSeconds: 60.5, twilioPrice: null }, table).billedMinutes).toBe(2)
    expect(callCost({ direction: 'OUTBOUND', durationSeconds: 125, twilioPrice: '' }, table)).toEqual({ billedMinutes: 3, costUsd: 0.042, source: 'price-table' })
    expect(callCost({ direction: 'OUTBOUND', durationSeconds: 0, twilioPrice: null }, table).costUsd).toBe(0)
  })

  it('prices recordings per started minute', () => {
    expect(recordingCost(121, table)).toEqual({ billedMinutes: 3, costUsd: 0.0075 })
  })
})
