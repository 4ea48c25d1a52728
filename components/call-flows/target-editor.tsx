'use client'

import type { FlowStep } from '@/lib/call-flows/flow-schema'
import type { Directory, FlowDraft } from './call-flows-api'
import { CHOICE_LABELS, freshId, menuName, newMenu, stepFor, withStep, type Choice } from './flow-draft'
import { MenuNode } from './menu-node'

// Where one reference leads (an option, a menu's default, an entry): the kind of destination and
// its details, or a nested sub-menu drawn in place.

export interface TreeProps {
  draft: FlowDraft
  update: (change: (draft: FlowDraft) => FlowDraft) => void
  directory: Directory
  owners: Map<string, string>
  errors: Record<string, string>
  readOnly: boolean
}

const inputClass = 'rounded-lg border border-slate-300 px-2 py-1 text-sm'

function references(draft: FlowDraft, stepId: string): number {
  const targets = [draft.entry.open, draft.entry.closed, ...Object.values(draft.steps).flatMap((step) => (step.kind === 'menu' ? [...step.options.map((option) => option.next), step.defaultNext] : []))]
  return targets.filter((target) => target === stepId).length
}

export function TargetEditor({ tree, target, retarget, ownerKey, where }: { tree: TreeProps; target: string; retarget: (draft: FlowDraft, stepId: string) => FlowDraft; ownerKey: string; where: string }) {
  const { draft, update, directory, owners, errors, readOnly } = tree
  const step = draft.steps[target]
  const nested = step?.kind === 'menu' && owners.get(target) === ownerKey
  const choice: Choice | '' = !step ? '' : step.kind === 'menu' ? (nested ? 'submenu' : 'goto') : step.kind
  const menus = Object.keys(draft.steps).filter((stepId) => draft.steps[stepId]!.kind === 'menu')
  const replace = (change: (draft: FlowDraft) => FlowDraft) => update(change)

  const choose = (next: Choice) => {
    if (next === 'goto') return replace((d) => retarget(d, menus.find((m) => m !== target) ?? menus[0]!))
    replace((d) => {
      const created = stepFor(next, directory)
      // A destination used only here is changed in place; otherwise this reference gets a step of its own.
      const current = d.steps[target]
      const id = current && current.kind !== 'menu' && next !== 'submenu' && references(d, target) === 1 ? target : freshId(d, next === 'submenu' ? 'menu' : next)
      let draftWithStep = withStep(d, id, created)
      if (created.kind === 'menu') {
        const fallback = freshId(draftWithStep, 'voicemail')
        draftWithStep = withStep(withStep(draftWithStep, fallback, { kind: 'voicemail' }), id, { ...created, defaultNext: fallback })
      }
      return retarget(draftWithStep, id)
    })
  }
  const edit = (changed: FlowStep) => replace((d) => withStep(d, target, changed))
  const problem = Object.entries(errors).find(([path]) => path === `steps.${target}.userId` || path === `steps.${target}.queueId` || path === `steps.${target}.phoneNumber` || path === `steps.${target}.text`)?.[1]

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <select aria-label={`Destination of ${where}`} className={inputClass} value={choice} disabled={readOnly} onChange={(event) => choose(event.target.value as Choice)}>
          {!choice && <option value="">Choose…</option>}
          {(Object.keys(CHOICE_LABELS) as Choice[]).map((kind) => (
            <option key={kind} value={kind}>
              {CHOICE_LABELS[kind]}
            </option>
          ))}
        </select>
        {step?.kind === 'user' && (
          <select aria-label={`Team member for ${where}`} className={inputClass} value={step.userId} disabled={readOnly} onChange={(event) => edit({ kind: 'user', userId: event.target.value })}>
            {directory.members.map((member) => <option key={member.id} value={member.id}>{member.name}</option>)}
          </select>
        )}
        {step?.kind === 'queue' && (
          <select aria-label={`Queue for ${where}`} className={inputClass} value={step.queueId} disabled={readOnly} onChange={(event) => edit({ kind: 'queue', queueId: event.target.value })}>
            {directory.queues.length === 0 && <option value="">No queues yet (add one on the Numbers page)</option>}
            {directory.queues.map((queue) => <option key={queue.id} value={queue.id}>{queue.name}</option>)}
          </select>
        )}
        {step?.kind === 'message' && <input aria-label={`Message for ${where}`} className={`${inputClass} min-w-64 flex-1`} value={step.text} disabled={readOnly} onChange={(event) => edit({ kind: 'message', text: event.target.value })} />}
        {step?.kind === 'number' && <input aria-label={`Outside number for ${where}`} placeholder="+14155550100" className={inputClass} value={step.phoneNumber} disabled={readOnly} onChange={(event) => edit({ kind: 'number', phoneNumber: event.target.value })} />}
        {choice === 'goto' && (
          <select aria-label={`Menu for ${where}`} className={inputClass} value={target} disabled={readOnly} onChange={(event) => replace((d) => retarget(d, event.target.value))}>
            {menus.map((menuId) => <option key={menuId} value={menuId}>{menuName(draft, menuId)}</option>)}
          </select>
        )}
      </div>
      {problem && <p className="text-sm text-red-600">{problem}</p>}
      {nested && (
        <div className="ml-4 border-l-2 border-brand-100 pl-4">
          <MenuNode tree={tree} menuId={target} />
        </div>
      )}
    </div>
  )
}
