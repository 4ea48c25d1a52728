'use client'

import { useEffect, useRef, useState } from 'react'
import WaveSurfer from 'wavesurfer.js'
import { Alert } from '@/components/ui/alert'
import { formatDuration } from '@/components/calls/calls-api'
import { mixChannels, type ChannelChoice, type ChannelMixer } from './channel-mixer'
import { recordingsApi } from './recordings-api'

// A recording's player: the waveform drawn from the audio itself (wavesurfer.js, one row per
// channel), play/pause, seek by clicking or dragging the waveform, speed, which channels to hear,
// and download (through the audited download route). The audio comes from a 15-minute presigned
// URL asked for when the player opens.

const SPEEDS = [0.75, 1, 1.25, 1.5, 2]

export function RecordingPlayer({ recordingId, channels }: { recordingId: string; channels: number }) {
  const container = useRef<HTMLDivElement>(null)
  const player = useRef<WaveSurfer | null>(null)
  const mixer = useRef<ChannelMixer | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [duration, setDuration] = useState<number | null>(null)
  const [position, setPosition] = useState(0)
  const [playing, setPlaying] = useState(false)
  const [speed, setSpeed] = useState(1)
  const [heard, setHeard] = useState<ChannelChoice>('both')

  useEffect(() => {
    let cancelled = false
    const media = new Audio()
    // The waveform and the channel split read the audio, so it is fetched with CORS.
    media.crossOrigin = 'anonymous'
    media.preload = 'auto'
    recordingsApi
      .playbackUrl(recordingId)
      .then(({ url }) => {
        if (cancelled || !container.current) return
        const split = channels === 2 ? [{ waveColor: '#4f46e5', progressColor: '#312e81' }, { waveColor: '#0d9488', progressColor: '#134e4a' }] : undefined
        const wave = WaveSurfer.create({ container: container.current, url, media, height: channels === 2 ? 48 : 64, splitChannels: split, waveColor: '#4f46e5', progressColor: '#312e81', cursorColor: '#0f172a', dragToSeek: true, normalize: true })
        wave.on('ready', (seconds) => setDuration(seconds))
        wave.on('timeupdate', (seconds) => setPosition(seconds))
        wave.on('play', () => setPlaying(true))
        wave.on('pause', () => setPlaying(false))
        wave.on('error', (problem) => setError(`The recording could not be loaded: ${problem.message}`))
        player.current = wave
        if (channels === 2) mixer.current = mixChannels(media)
      })
      .catch((problem: Error) => !cancelled && setError(problem.message))
    return () => {
      cancelled = true
      player.current?.destroy()
      mixer.current?.close()
      player.current = null
      mixer.current = null
    }
  }, [recordingId, channels])

  const changeSpeed = (next: number) => {
    setSpeed(next)
    player.current?.setPlaybackRate(next)
  }
  const changeHeard = (next: ChannelChoice) => {
    setHeard(next)
    mixer.current?.choose(next)
  }

  if (error) return <Alert>{error}</Alert>
  return (
    <div className="space-y-3" data-testid="recording-player">
      <div ref={container} className="rounded-lg bg-slate-50" aria-label="Waveform: click or drag to seek" />
      {channels === 2 && <p className="text-xs text-slate-500"><span className="text-indigo-600">■</span> caller · <span className="text-teal-600">■</span> agent or AI</p>}
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <button type="button" className="rounded-lg bg-brand-600 px-3 py-1.5 font-medium text-white disabled:opacity-50" disabled={duration === null} onClick={() => void player.current?.playPause()}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <span className="tabular-nums text-slate-700" data-testid="player-time">
          {formatDuration(Math.floor(position))} / <span data-testid="player-duration">{duration === null ? '…' : formatDuration(Math.round(duration))}</span>
        </span>
        <label className="flex items-center gap-1 text-slate-600">
          Speed
          <select className="rounded border border-slate-300 px-1 py-0.5" value={speed} onChange={(event) => changeSpeed(Number(event.target.value))}>
            {SPEEDS.map((value) => <option key={value} value={value}>{value}×</option>)}
          </select>
        </label>
        {channels === 2 && (
          <label className="flex items-center gap-1 text-slate-600">
            Hear
            <select className="rounded border border-slate-300 px-1 py-0.5" value={heard} onChange={(event) => changeHeard(event.target.value as ChannelChoice)}>
              <option value="both">both sides</option>
              <option value="caller">caller only</option>
              <option value="agent">agent or AI only</option>
            </select>
          </label>
        )}
        <a className="text-brand-700 hover:underline" href={recordingsApi.downloadHref(recordingId)}>Download</a>
      </div>
    </div>
  )
}
