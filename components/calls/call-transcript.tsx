import type { TranscriptTurn } from './calls-api'

// What was said on an AI call, as the caller heard it: an answer the caller interrupted is shown
// as far as it played.

export function CallTranscript({ turns, live }: { turns: TranscriptTurn[]; live: boolean }) {
  if (turns.length === 0) return <p className="text-sm text-slate-500">{live ? 'Waiting for the first words…' : 'No transcript for this call.'}</p>
  return (
    <ol className="space-y-2" aria-label="Transcript" aria-live={live ? 'polite' : undefined}>
      {turns.map((turn, index) => (
        <li key={index} data-testid="transcript-turn" data-role={turn.role} className={`max-w-[85%] rounded-2xl px-4 py-2 text-sm shadow-sm ${turn.role === 'caller' ? 'bg-white text-slate-900' : 'ml-auto bg-brand-50 text-slate-900'}`}>
          <p className="text-xs font-semibold text-slate-500">
            {turn.role === 'caller' ? 'Caller' : 'Receptionist'} · <time dateTime={turn.startedAt}>{new Date(turn.startedAt).toLocaleTimeString()}</time>
          </p>
          <p>
            {turn.text}
            {turn.interrupted && <span className="text-slate-400"> — interrupted</span>}
          </p>
        </li>
      ))}
    </ol>
  )
}
