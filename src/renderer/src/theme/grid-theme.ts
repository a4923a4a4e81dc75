import { themeQuartz } from 'ag-grid-community'

/**
 * The grid's theme, with every colour pointing at our `--ed-*` tokens: one
 * theme object serves dark and light, red-up and green-up, because switching
 * only rewrites the custom properties.
 */
export const gridTheme = themeQuartz.withParams({
  backgroundColor: 'var(--ed-panel)',
  foregroundColor: 'var(--ed-text)',
  headerBackgroundColor: 'var(--ed-header)',
  headerTextColor: 'var(--ed-muted)',
  borderColor: 'var(--ed-border)',
  rowBorder: { color: 'var(--ed-grid-line)' },
  accentColor: 'var(--ed-accent)',
  oddRowBackgroundColor: 'var(--ed-panel)',
  valueChangeValueHighlightBackgroundColor: 'var(--ed-flash)',
  rowHoverColor: 'var(--ed-hover)',
  fontFamily: 'var(--ed-font)',
  fontSize: 12,
  headerFontSize: 12,
  headerFontWeight: 500,
  rowHeight: 24,
  headerHeight: 26,
  spacing: 4,
  wrapperBorderRadius: 0,
  borderRadius: 2,
  wrapperBorder: false,
  cellHorizontalPaddingScale: 0.8,
  browserColorScheme: 'inherit',
})
