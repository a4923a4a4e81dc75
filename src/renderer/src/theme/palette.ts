/**
 * The one colour-token set. Every table, chart and number takes its colours
 * from here: CSS custom properties for the DOM (ag-grid's theme params point
 * at them), concrete values for canvas (the chart).
 *
 * Every text colour reads at WCAG AA (4.5:1) on every surface it can sit on
 * (background, panel, header, a flashing cell, a hovered row), in both themes
 * and both colour conventions; test/renderer/palette-contrast.test.ts checks
 * each pair, and the end-to-end axe audit checks the page.
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
  /** A cell that just changed: opaque, so text on it keeps a known contrast. */
  flash: string
  /** A row under the pointer. */
  hover: string
  /** Text on a surface filled with the up or down colour (the Buy and Sell button). */
  onFill: string
  gridLine: string
}

const RED = { dark: '#ff6b78', light: '#c0202f' }
const GREEN = { dark: '#26c07a', light: '#0a7440' }

const BASE: Record<ThemeName, Omit<Palette, 'up' | 'down'>> = {
  dark: {
    background: '#111418',
    panel: '#171b21',
    header: '#1f242c',
    border: '#2b313b',
    text: '#d8dde4',
    muted: '#9aa4b1',
    accent: '#62a9ff',
    warning: '#e0a532',
    error: '#ff7b7b',
    flash: '#1d2c40',
    hover: '#212a36',
    onFill: '#0b0e12',
    gridLine: '#232932',
  },
  light: {
    background: '#eef0f3',
    panel: '#ffffff',
    header: '#f3f5f7',
    border: '#d3d8df',
    text: '#1b2027',
    muted: '#525b68',
    accent: '#155fc6',
    warning: '#865400',
    error: '#b3211f',
    flash: '#e6eefb',
    hover: '#edf1f6',
    onFill: '#ffffff',
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
