import { describe, expect, it } from 'vitest'
import { findBrowser, NO_BROWSER } from './find-browser'

const only = (...paths: string[]) => (path: string) => paths.includes(path)
const noBundled = () => undefined

describe('finding a browser for the end-to-end tests', () => {
  it('takes CHROMIUM_PATH first, and says so when it points nowhere', () => {
    expect(findBrowser({ CHROMIUM_PATH: '/opt/chrome' }, noBundled, only('/opt/chrome', '/usr/bin/chromium'))).toEqual({ path: '/opt/chrome' })
    expect(findBrowser({ CHROMIUM_PATH: '/opt/none' }, noBundled, only('/usr/bin/chromium'))).toEqual({ missing: `CHROMIUM_PATH is /opt/none, which does not exist. ${NO_BROWSER}` })
  })

  it('then a system Chromium or Chrome, then Playwright’s own download', () => {
    expect(findBrowser({}, () => '/pw/chrome', only('/usr/bin/google-chrome', '/pw/chrome'))).toEqual({ path: '/usr/bin/google-chrome' })
    expect(findBrowser({}, () => '/pw/chrome', only('/pw/chrome'))).toEqual({ path: '/pw/chrome' })
  })

  it('names how to get one when there is none', () => {
    expect(findBrowser({}, () => '/pw/not-downloaded', only())).toEqual({ missing: NO_BROWSER })
    expect(NO_BROWSER).toContain('apt-get install -y chromium')
  })
})
