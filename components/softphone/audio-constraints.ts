// The microphone's processing per browser, from the spec's "Browser Compatibility" section
// (../shared/spec/telephony-system.md): echo cancellation, noise suppression and automatic gain
// everywhere, except Safari (its processing misbehaves: no noise suppression or gain control) and
// Firefox (its gain control can cause feedback). Pure, so the choice is tested without a browser.

export type Browser = 'chromium' | 'firefox' | 'safari'

export function detectBrowser(userAgent: string): Browser {
  if (/Firefox\//.test(userAgent)) return 'firefox'
  if (/Safari\//.test(userAgent) && !/(Chrome|Chromium|CriOS|Edg)\//.test(userAgent)) return 'safari'
  return 'chromium'
}

export function audioConstraintsFor(userAgent: string): MediaTrackConstraints {
  const base = { echoCancellation: true, noiseSuppression: true, autoGainControl: true }
  switch (detectBrowser(userAgent)) {
    case 'safari':
      return { ...base, noiseSuppression: false, autoGainControl: false }
    case 'firefox':
      return { ...base, autoGainControl: false }
    case 'chromium':
      return base
  }
}
