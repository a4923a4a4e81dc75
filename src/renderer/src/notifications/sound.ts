/**
 * Short chimes made with Web Audio (no sound file to ship or fetch): two
 * rising notes for a fill, one note for a cancel, two falling low notes for
 * a rejection or a strategy error. The AudioContext is made on the first
 * chime; browsers start it suspended until the page has had a click, so
 * each chime asks it to resume.
 */

export type Chime = 'fill' | 'cancel' | 'alert'

const NOTES: Record<Chime, number[]> = { fill: [880, 1320], cancel: [660], alert: [330, 247] }
const NOTE_SECONDS = 0.12
const VOLUME = 0.15

let context: AudioContext | undefined

export function playChime(chime: Chime): void {
  if (typeof AudioContext === 'undefined') return
  context ??= new AudioContext()
  void context.resume()
  NOTES[chime].forEach((frequency, index) => {
    const audio = context!
    const start = audio.currentTime + index * NOTE_SECONDS
    const oscillator = audio.createOscillator()
    const gain = audio.createGain()
    oscillator.type = 'sine'
    oscillator.frequency.value = frequency
    // A fast attack and decay: a click-free blip, not a beep.
    gain.gain.setValueAtTime(0.0001, start)
    gain.gain.exponentialRampToValueAtTime(VOLUME, start + 0.01)
    gain.gain.exponentialRampToValueAtTime(0.0001, start + NOTE_SECONDS - 0.01)
    oscillator.connect(gain).connect(audio.destination)
    oscillator.start(start)
    oscillator.stop(start + NOTE_SECONDS)
  })
}
