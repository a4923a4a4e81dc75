/**
 * The one colour-token set. Every table, chart and number takes its colours
 * from here: CSS custom properties for the DOM (ag-grid's theme params point
 * at them), concrete values for canvas (the chart).
 */

export type ThemeName = 'dark' | 'light'
/** Which way the market's colours run: mainland China's red-up, or the west's green-up. */
export type UpColour = 'red-up' | 'green-up'

export interface Palette {
  background: string
  panel: string
  header: string
  border: string
  text: string
  muted: string
  accent: string
  /** Rising price, long, profit. */
  up: string
  /** Falling price, short, loss. */
  down: string
  warning: string
  error: string
  /** A cell that just changed. */
  flash: string
  gridLine: string
}

const RED = { dark: '#f0505f', light: '#d42a3a' }
const GREEN = { dark: '#26c07a', light: '#0d8f50' }

const BASE: Record<ThemeName, Omit<Palette, 'up' | 'down'>> = {
  dark: {
    background: '#111418',
    panel: '#171b21',
    header: '#1f242c',
    border: '#2b313b',
    text: '#d8dde4',
    muted: '#8b95a3',
    accent: '#4a9bff',
    warning: '#e0a532',
    error: '#ff6b6b',
    flash: 'rgba(74, 155, 255, 0.2)',
    gridLine: '#232932',
  },
  light: {
    background: '#eef0f3',
    panel: '#ffffff',
    header: '#f3f5f7',
    border: '#d3d8df',
    text: '#1b2027',
    muted: '#5b6472',
    accent: '#1d6fe0',
    warning: '#a86a00',
    error: '#c62828',
    flash: 'rgba(29, 111, 224, 0.14)',
    gridLine: '#e6e9ed',
  },
}

export function palette(theme: ThemeName, upColour: UpColour): Palette {
  const red = RED[theme]
  const green = GREEN[theme]
  return upColour === 'red-up' ? { ...BASE[theme], up: red, down: green } : { ...BASE[theme], up: green, down: red }
}

/** Publishes the palette as `--ed-*` custom properties on `root`. */
export function applyPalette(root: HTMLElement, colours: Palette): void {
  for (const [name, value] of Object.entries(colours)) {
    root.style.setProperty(`--ed-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value)
  }
}

/** The chart's moving-average lines, in order: apart from up and down, and from each other, in both themes. */
const AVERAGE_LINES: Record<ThemeName, readonly string[]> = {
  dark: ['#e8c547', '#4a9bff', '#c77dff', '#4dd0e1'],
  light: ['#a87400', '#1d6fe0', '#8e44ad', '#00838f'],
}

export function averageColours(theme: ThemeName): readonly string[] {
  return AVERAGE_LINES[theme]
}
