'use client'

import Link from 'next/link'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { call as apiCall } from '@/components/api/client'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import type { CallerMessageView } from '@/lib/calls/caller-messages'

// What callers left for the team: messages the AI receptionist took and calls it could not answer
// (to call back). Open ones first in the team's mind; each is marked handled once dealt with.

const messagesApi = {
  list: () => apiCall<{ messages: CallerMessageView[] }>('/api/messages').then((body) => body.messages),
  mark: (id: string, handled: boolean) => apiCall(`/api/messages/${id}`, { method: 'PATCH', body: JSON.stringify({ handled }) }),
}

const FILTERS = { open: 'Open', handled: 'Handled', all: 'All' } as const
type Filter = keyof typeof FILTERS

const URGENCY_STYLES = { urgent: 'bg-red-600 text-white', normal: 'bg-slate-200 text-slate-700', low: 'bg-slate-100 text-slate-500' } as const

export function MessagesList() {
  const queryClient = useQueryClient()
  const [filter, setFilter] = useState<Filter>('open')
  const messages = useQuery({ queryKey: ['messages'], queryFn: messagesApi.list, refetchInterval: 10_000 })
  const mark = useMutation({ mutationFn: ({ id, handled }: { id: string; handled: boolean }) => messagesApi.mark(id, handled), onSuccess: () => queryClient.invalidateQueries({ queryKey: ['messages'] }) })
  if (messages.error) return <Alert>{messages.error.message}</Alert>
  const all = messages.data ?? []
  const shown = all.filter((message) => filter === 'all' || (filter === 'open') === (message.handledAt === null))
  const openCount = all.filter((message) => message.handledAt === null).length
  return (
    <div className="space-y-4">
      <div role="group" aria-label="Show" className="inline-flex overflow-hidden rounded-lg border border-slate-300 bg-white text-sm">
        {(Object.keys(FILTERS) as Filter[]).map((key) => (
          <button key={key} type="button" aria-pressed={filter === key} onClick={() => setFilter(key)} className={`px-3 py-1.5 font-medium ${filter === key ? 'bg-brand-600 text-white' : 'text-slate-700 hover:bg-slate-50'}`}>
            {FILTERS[key]}
            {key === 'open' && ` (${openCount})`}
          </button>
        ))}
      </div>
      {mark.error && <Alert>{mark.error.message}</Alert>}
      {shown.length === 0 && !messages.isPending && <p className="text-sm text-slate-500">{filter === 'open' ? 'Nothing waiting: every message is handled.' : 'No messages here.'}</p>}
      <ul className="space-y-3" aria-label="Messages">
        {shown.map((message) => (
          <li key={message.id} data-testid="message" className={`rounded-2xl border bg-white p-4 shadow-sm ${message.handledAt ? 'border-slate-200' : 'border-brand-500'}`}>
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div className="space-y-1">
                <p className="font-medium text-slate-900">
                  {message.kind === 'missed_callback' ? 'Missed call — call back' : (message.callerName ?? 'Unknown caller')}
                  {message.urgency && <span className={`ml-2 rounded-full px-2 py-0.5 text-xs font-semibold ${URGENCY_STYLES[message.urgency]}`} data-testid="urgency">{message.urgency}</span>}
                </p>
                {message.callbackNumber && (
                  <p className="text-sm text-slate-700">
                    Call back: <a className="font-mono text-brand-700 hover:underline" href={`tel:${message.callbackNumber}`} data-testid="callback-number">{message.callbackNumber}</a>
                  </p>
                )}
                <p className="text-sm text-slate-800" data-testid="message-body">{message.body}</p>
                <p className="text-xs text-slate-500">
                  <time dateTime={message.createdAt}>{new Date(message.createdAt).toLocaleString()}</time>
                  {message.callId && (
                    <>
                      {' · '}
                      <Link className="text-brand-700 hover:underline" href={`/calls/${message.callId}`}>the call</Link>
                    </>
                  )}
                  {message.handledAt && ` · handled ${new Date(message.handledAt).toLocaleString()}`}
                </p>
              </div>
              <Button variant="secondary" onClick={() => mark.mutate({ id: message.id, handled: message.handledAt === null })} disabled={mark.isPending}>
                {message.handledAt ? 'Reopen' : 'Mark handled'}
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  )
}
