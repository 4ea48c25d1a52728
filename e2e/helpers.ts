import { expect, type Page } from '@playwright/test'
import { randomBytes } from 'node:crypto'

export function uniqueEmail(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}@example.test`
}

export const STRONG_PASSWORD = 'correct-horse-42-battery'

export async function signUp(page: Page, input: { organizationName: string; name: string; email: string; password?: string }) {
  await page.goto('/signup')
  await page.getByLabel('Organization name').fill(input.organizationName)
  await page.getByLabel('Your name').fill(input.name)
  await page.getByLabel('Work email').fill(input.email)
  await page.getByLabel('Password').fill(input.password ?? STRONG_PASSWORD)
  await page.getByRole('button', { name: 'Create account' }).click()
}

export async function signIn(page: Page, email: string, password = STRONG_PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/**
 * Proves a screenshot shows a rendered page rather than a blank one: the browser decodes the PNG
 * and counts its distinct colours and the share of pixels that are not the background.
 */
export async function expectNotBlank(page: Page, png: Buffer) {
  const stats = await page.evaluate(async (dataUrl) => {
    const image = new Image()
    image.src = dataUrl
    await image.decode()
    const canvas = document.createElement('canvas')
    canvas.width = image.width
    canvas.height = image.height
    const context = canvas.getContext('2d')!
    context.drawImage(image, 0, 0)
    const { data } = context.getImageData(0, 0, image.width, image.height)
    const colours = new Set<number>()
    const counts = new Map<number, number>()
    for (let i = 0; i < data.length; i += 4) {
      const colour = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!
      colours.add(colour)
      counts.set(colour, (counts.get(colour) ?? 0) + 1)
    }
    const background = Math.max(...counts.values())
    return { distinctColours: colours.size, foregroundShare: 1 - background / (data.length / 4) }
  }, `data:image/png;base64,${png.toString('base64')}`)
  expect(stats.distinctColours).toBeGreaterThan(50)
  expect(stats.foregroundShare).toBeGreaterThan(0.05)
}
