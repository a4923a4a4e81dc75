/**
 * WCAG 2.1 AA for every text colour of the palette on every surface it can
 * sit on, in both themes and both colour conventions. The end-to-end axe
 * audit checks the page as drawn; this checks the pairs it may not catch in
 * one picture (a flashing cell, a hovered row, the Sell button).
 */
import { describe, expect, it } from 'vitest'
import { palette, type Palette, type ThemeName, type UpColour } from '@renderer/theme/palette'

/** WCAG's relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const value = Number.parseInt(hex.slice(1), 16)
  const [r, g, b] = [16, 8, 0].map((shift) => {
    const channel = ((value >> shift) & 255) / 255
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (light + 0.05) / (dark + 0.05)
}

/** Normal-size text (the desk's 11–12 px) needs 4.5:1. */
const AA_TEXT = 4.5
const TEXTS = ['text', 'muted', 'up', 'down', 'warning', 'error', 'accent'] as const
const SURFACES = ['background', 'panel', 'header', 'flash', 'hover'] as const
const CASES: [ThemeName, UpColour][] = [
  ['dark', 'green-up'],
  ['dark', 'red-up'],
  ['light', 'green-up'],
  ['light', 'red-up'],
]

describe.each(CASES)('the %s palette, %s', (theme, upColour) => {
  const colours: Palette = palette(theme, upColour)

  it('gives every colour as an opaque #rrggbb, so contrast is what it says', () => {
    for (const [name, value] of Object.entries(colours)) expect(value, name).toMatch(/^#[0-9a-f]{6}$/)
  })

  it.each(TEXTS)('reads %s text at 4.5:1 or more on every surface', (text) => {
    for (const surface of SURFACES)
      expect(contrast(colours[text], colours[surface]), `${text} on ${surface}`).toBeGreaterThanOrEqual(AA_TEXT)
  })

  it('reads the Buy and Sell buttons’ text at 4.5:1 or more', () => {
    expect(contrast(colours.onFill, colours.up)).toBeGreaterThanOrEqual(AA_TEXT)
    expect(contrast(colours.onFill, colours.down)).toBeGreaterThanOrEqual(AA_TEXT)
  })
})
