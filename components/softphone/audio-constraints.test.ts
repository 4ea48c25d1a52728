import { describe, expect, it } from 'vitest'
import { audioConstraintsFor, detectBrowser } from './audio-constraints'

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36'
const EDGE = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36 Edg/150.0.0.0'
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0'
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15'

describe('audioConstraintsFor', () => {
  it('tells the browsers apart (Chrome and Edge say Safari too)', () => {
    expect([CHROME, EDGE, FIREFOX, SAFARI].map(detectBrowser)).toEqual(['chromium', 'chromium', 'firefox', 'safari'])
  })
  it('keeps all processing on Chromium, drops gain control on Firefox, and noise suppression and gain control on Safari', () => {
    expect(audioConstraintsFor(CHROME)).toEqual({ echoCancellation: true, noiseSuppression: true, autoGainControl: true })
    expect(audioConstraintsFor(FIREFOX)).toEqual({ echoCancellation: true, noiseSuppression: true, autoGainControl: false })
    expect(audioConstraintsFor(SAFARI)).toEqual({ echoCancellation: true, noiseSuppression: false, autoGainControl: false })
  })
})
