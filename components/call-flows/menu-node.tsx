'use client'

import { useState } from 'react'
import type { MenuOption, MenuStep } from '@/lib/call-flows/flow-schema'
import { DEFAULT_INVALID_PROMPT } from '@/lib/call-flows/flow-schema'
import { Button } from '@/components/ui/button'
import { CHOICE_LABELS, freshId, menuName, updateMenu, withStep } from './flow-draft'
import { TargetEditor, type TreeProps } from './target-editor'

// One menu of the tree: its prompt (previewed as callers hear it), timeout and retries, and its
// options, each with the key, the words a caller may say instead, and where it leads.

const inputClass = 'rounded-lg border border-slate-300 px-2 py-1 text-sm'
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#']

export function MenuNode({ tree, menuId }: { tree: TreeProps; menuId: string }) {
  const { draft, update, errors, readOnly } = tree
  const menu = draft.steps[menuId] as MenuStep
  const label = menuName(draft, menuId)
  const change = (edit: (menu: MenuStep) => MenuStep) => update((d) => updateMenu(d, menuId, edit))
  const setOption = (index: number, edit: (option: MenuOption) => MenuOption) => change((m) => ({ ...m, options: m.options.map((option, i) => (i === index ? edit(option) : option)) }))
  const addOption = () =>
    update((d) => {
      const current = d.steps[menuId] as MenuStep
      const digit = KEYS.find((key) => !current.options.some((option) => option.digit === key)) ?? '0'
      const target = freshId(d, 'voicemail')
      return updateMenu(withStep(d, target, { kind: 'voicemail' }), menuId, (m) => ({ ...m, options: [...m.options, { digit, next: target }] }))
    })
  const menuErrors = Object.entries(errors).filter(([path]) => path === `steps.${menuId}` || (path.startsWith(`steps.${menuId}.`) && !/\.(userId|queueId|phoneNumber|text)$/.test(path)))

  return (
    <section className="space-y-3 rounded-xl border border-slate-200 bg-slate-50 p-4" aria-label={`Menu ${label}`} data-testid="menu-node">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Menu name</span>
          <input aria-label={`Name of menu ${label}`} className={inputClass} value={menu.name ?? ''} disabled={readOnly} onChange={(event) => change((m) => ({ ...m, name: event.target.value }))} />
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Wait for an answer (s)</span>
          <input type="number" min={1} max={30} aria-label={`Timeout of menu ${label}`} className={`${inputClass} w-20`} value={menu.timeoutSeconds} disabled={readOnly} onChange={(event) => change((m) => ({ ...m, timeoutSeconds: Number(event.target.value) }))} />
        </label>
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Replays</span>
          <input type="number" min={0} max={5} aria-label={`Retries of menu ${label}`} className={`${inputClass} w-20`} value={menu.retries} disabled={readOnly} onChange={(event) => change((m) => ({ ...m, retries: Number(event.target.value) }))} />
        </label>
      </div>
      <label className="block text-sm">
        <span className="block font-medium text-slate-700">Prompt</span>
        <textarea aria-label={`Prompt of menu ${label}`} rows={2} className={`${inputClass} w-full`} value={menu.prompt} disabled={readOnly} onChange={(event) => change((m) => ({ ...m, prompt: event.target.value }))} />
      </label>
      <label className="block text-sm">
        <span className="block font-medium text-slate-700">When the answer is not an option</span>
        <input aria-label={`Invalid-input prompt of menu ${label}`} placeholder={DEFAULT_INVALID_PROMPT} className={`${inputClass} w-full`} value={menu.invalidPrompt ?? ''} disabled={readOnly} onChange={(event) => change((m) => ({ ...m, invalidPrompt: event.target.value || undefined }))} />
      </label>
      <p className="rounded-lg bg-white px-3 py-2 text-sm text-slate-600" data-testid="prompt-preview">
        <span className="font-medium text-slate-800">Callers hear:</span> “{menu.prompt || '…'}”
        {menu.options.length > 0 && ` Then: ${menu.options.map((option) => `${option.digit}${option.keywords?.length ? ` or “${option.keywords.join('”, “')}”` : ''} → ${describe(tree, option.next)}`).join('; ')}.`}
        {` Silence or anything else: “${menu.invalidPrompt || DEFAULT_INVALID_PROMPT}” and the menu again, ${menu.retries} time${menu.retries === 1 ? '' : 's'}; then ${describe(tree, menu.defaultNext)}.`}
      </p>
      {menuErrors.length > 0 && (
        <ul className="list-disc pl-5 text-sm text-red-600">
          {menuErrors.map(([path, message]) => <li key={path}>{message}</li>)}
        </ul>
      )}
      <ol className="space-y-3" aria-label={`Options of menu ${label}`}>
        {menu.options.map((option, index) => {
          const where = `option ${index + 1} of menu ${label}`
          return (
            <li key={index} className="space-y-2 rounded-lg border border-slate-200 bg-white p-3">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span>Press</span>
                <select aria-label={`Key of ${where}`} className={inputClass} value={option.digit} disabled={readOnly} onChange={(event) => setOption(index, (o) => ({ ...o, digit: event.target.value }))}>
                  {KEYS.map((key) => <option key={key} value={key}>{key}</option>)}
                </select>
                <span>or say</span>
                <KeywordsInput label={`Keywords of ${where}`} keywords={option.keywords ?? []} disabled={readOnly} onChange={(keywords) => setOption(index, (o) => ({ ...o, keywords }))} />
                {!readOnly && (
                  <Button variant="danger" type="button" aria-label={`Remove ${where}`} onClick={() => change((m) => ({ ...m, options: m.options.filter((_, i) => i !== index) }))}>
                    Remove
                  </Button>
                )}
              </div>
              <TargetEditor tree={tree} target={option.next} ownerKey={`${menuId}.options.${index}`} where={where} retarget={(d, stepId) => updateMenu(d, menuId, (m) => ({ ...m, options: m.options.map((o, i) => (i === index ? { ...o, next: stepId } : o)) }))} />
            </li>
          )
        })}
      </ol>
      {!readOnly && (
        <Button variant="secondary" type="button" onClick={addOption} aria-label={`Add an option to menu ${label}`}>
          Add option
        </Button>
      )}
      <div className="space-y-1 text-sm">
        <p className="font-medium text-slate-700">After {menu.retries + 1} tries without a valid answer</p>
        <TargetEditor tree={tree} target={menu.defaultNext} ownerKey={`${menuId}.default`} where={`the default of menu ${label}`} retarget={(d, stepId) => updateMenu(d, menuId, (m) => ({ ...m, defaultNext: stepId }))} />
      </div>
    </section>
  )
}

/** Comma-separated words, kept as typed (a trailing comma included) while the list follows them. */
function KeywordsInput({ label, keywords, disabled, onChange }: { label: string; keywords: string[]; disabled: boolean; onChange: (keywords: string[]) => void }) {
  const [text, setText] = useState(keywords.join(', '))
  return (
    <input
      aria-label={label}
      placeholder="sales, orders"
      className={inputClass}
      value={text}
      disabled={disabled}
      onChange={(event) => {
        setText(event.target.value)
        onChange(event.target.value.split(',').map((word) => word.trim()).filter(Boolean))
      }}
    />
  )
}

function describe({ draft, directory }: TreeProps, stepId: string): string {
  const step = draft.steps[stepId]
  if (!step) return 'nothing chosen'
  switch (step.kind) {
    case 'menu':
      return `menu ${menuName(draft, stepId)}`
    case 'user':
      return directory.members.find((member) => member.id === step.userId)?.name ?? 'a team member'
    case 'queue':
      return `queue ${directory.queues.find((queue) => queue.id === step.queueId)?.name ?? ''}`.trim()
    case 'message':
      return `“${step.text}” and hang up`
    case 'number':
      return `dial ${step.phoneNumber || 'an outside number'}`
    default:
      return CHOICE_LABELS[step.kind].toLowerCase()
  }
}
