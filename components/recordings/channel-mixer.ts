// Which of a two-channel recording's channels are heard (channel 1 the caller, 2 the agent or
// AI): the media element's output is split and each channel given its own gain, both summed to
// the speakers, so "caller only" plays the caller in both ears. Web Audio, in the browser only.

export type ChannelChoice = 'both' | 'caller' | 'agent'

export interface ChannelMixer {
  choose(choice: ChannelChoice): void
  close(): void
}

export function mixChannels(media: HTMLMediaElement): ChannelMixer {
  const context = new AudioContext()
  const source = context.createMediaElementSource(media)
  const splitter = context.createChannelSplitter(2)
  const gains = [context.createGain(), context.createGain()]
  source.connect(splitter)
  gains.forEach((gain, channel) => {
    splitter.connect(gain, channel)
    gain.connect(context.destination)
  })
  // Browsers start an AudioContext suspended until the page is interacted with.
  media.addEventListener('play', () => void context.resume())
  return {
    choose(choice) {
      gains[0]!.gain.value = choice === 'agent' ? 0 : 1
      gains[1]!.gain.value = choice === 'caller' ? 0 : 1
    },
    close: () => void context.close(),
  }
}
