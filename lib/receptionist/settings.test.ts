import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, effectiveSettings, numberColumns, organizationColumns, organizationSettings, receptionistInstructions, receptionistSettingsSchema } from './settings'

const org = { defaultGreeting: 'Thanks for calling Acme.', defaultVoice: 'alloy', aiInstructions: 'We never quote prices on the phone.', aiSettings: {} }

describe('receptionist settings', () => {
  it('are the defaults for what the organization never set, with its greeting, voice and instructions', () => {
    expect(organizationSettings(org)).toEqual({ ...DEFAULT_SETTINGS, greeting: 'Thanks for calling Acme.', voice: 'alloy', instructions: 'We never quote prices on the phone.' })
    expect(receptionistSettingsSchema.safeParse(organizationSettings(org)).success).toBe(true)
  })

  it('take a number’s overrides over the organization’s, and ignore a stored document that no longer validates', () => {
    const stored = { ...org, aiSettings: { language: 'es', turnDetection: { type: 'semantic_vad', eagerness: 'low' } } }
    const number = { greeting: 'Line two, hello.', voice: 'verse', aiSettings: { minBargeInMs: 0, tools: { business_hours: true, take_message: true, transfer_call: false, end_call: true } } }
    expect(effectiveSettings(stored, number)).toMatchObject({
      greeting: 'Line two, hello.',
      voice: 'verse',
      language: 'es',
      turnDetection: { type: 'semantic_vad', eagerness: 'low' },
      minBargeInMs: 0,
      tools: { transfer_call: false },
    })
    expect(effectiveSettings({ ...org, aiSettings: { language: 'klingon' } }, null).language).toBe('en')
    expect(effectiveSettings(org, { greeting: null, voice: null, aiSettings: { nonsense: true } }).greeting).toBe('Thanks for calling Acme.')
  })

  it('refuse what the API would: an unknown voice, a threshold out of range', () => {
    const settings = organizationSettings(org)
    expect(receptionistSettingsSchema.safeParse({ ...settings, voice: 'nova' }).success).toBe(false)
    expect(receptionistSettingsSchema.safeParse({ ...settings, turnDetection: { type: 'server_vad', threshold: 2, silenceMs: 500 } }).success).toBe(false)
  })

  it('split into columns and a JSON document for writing, and back', () => {
    const settings = { ...organizationSettings(org), language: 'fr' as const }
    const columns = organizationColumns(settings)
    expect(columns).toMatchObject({ defaultGreeting: settings.greeting, defaultVoice: 'alloy', aiInstructions: settings.instructions })
    expect(columns.aiSettings).not.toHaveProperty('greeting')
    expect(organizationSettings({ ...columns })).toEqual(settings)
    expect(numberColumns({ voice: 'ash' })).toEqual({ greeting: null, voice: 'ash', aiSettings: null })
  })

  it('write instructions for a phone receptionist around the business, its own words and the call', () => {
    const settings = { ...organizationSettings(org), businessDescription: 'A dental practice in Boston.', transferWhen: 'for emergencies' }
    const text = receptionistInstructions(settings, { name: 'Acme Dental' }, ['This is the first call from this number.'])
    expect(text.split('\n')[0]).toBe('You are the receptionist of Acme Dental, answering its phone. A dental practice in Boston.')
    expect(text).toContain('use transfer_call with one of the names listed below (for emergencies)')
    expect(text).toContain("The business's own instructions: We never quote prices on the phone.")
    expect(text.endsWith('This is the first call from this number.')).toBe(true)
    const withoutTools = receptionistInstructions({ ...settings, tools: { business_hours: false, take_message: true, transfer_call: false, end_call: true } }, { name: 'Acme Dental' }, [])
    expect(withoutTools).not.toContain('business_hours')
    expect(withoutTools).not.toContain('transfer_call')
    // A business name in the settings is the one the receptionist answers for.
    const renamed = receptionistInstructions({ ...settings, businessName: 'Acme Dental Downtown' }, { name: 'Acme Dental' }, [])
    expect(renamed.split('\n')[0]).toBe('You are the receptionist of Acme Dental Downtown, answering its phone. A dental practice in Boston.')
  })

  it('accept a document saved before the business name existed, as no name of its own', () => {
    const { businessName: _name, ...older } = organizationSettings(org)
    expect(receptionistSettingsSchema.parse(older).businessName).toBe('')
  })
})
