import { describe, expect, it } from 'vitest'
import { decideCallRecording } from './policy'

const organization = { recordingPolicy: 'ALL' as const, recordingDisclosure: 'This call may be recorded.' }

describe('decideCallRecording', () => {
  it('records every call from its connection under ALL, with the disclosure', () => {
    expect(decideCallRecording(organization, null)).toEqual({ policy: 'ALL', disclosure: 'This call may be recorded.', fromConnect: true })
  })

  it('lets the number override the organization either way', () => {
    expect(decideCallRecording(organization, 'NONE')).toEqual({ policy: 'NONE', disclosure: null, fromConnect: false })
    expect(decideCallRecording({ ...organization, recordingPolicy: 'NONE' }, 'ALL')).toMatchObject({ policy: 'ALL', fromConnect: true })
  })

  it('plays the disclosure but records nothing by itself on demand', () => {
    expect(decideCallRecording(organization, 'ON_DEMAND')).toEqual({ policy: 'ON_DEMAND', disclosure: 'This call may be recorded.', fromConnect: false })
  })

  it('plays no empty disclosure', () => {
    expect(decideCallRecording({ ...organization, recordingDisclosure: '  ' }, null).disclosure).toBeNull()
  })
})
