import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** The only files that may import values from `electron` (named in the README too). */
const ELECTRON_FILES = [
  'src/main/index.ts',
  'src/main/hosts/electron-adapter.ts',
  'src/main/hosts/electron-windows.ts',
  'src/preload/index.ts',
]

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only the Electron entry, its adapter, its window factory and the preload may import Electron
      // values: everything else must run in plain Node (and so in tests and the headless host). The
      // app:// handler (hosts/app-protocol.ts) is plain Request/Response, registered by the window
      // factory; the stand-in under test/mocks imports Electron's types only.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: `Only ${ELECTRON_FILES.join(', ')} may import electron.`,
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ELECTRON_FILES,
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // The contract both sides read depends on neither side, not even for a type.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(src/)?(main|renderer|client|preload)(/|$)|^@renderer(/|$)',
              message: 'src/shared imports nothing from src/main, src/renderer, src/client or src/preload.',
            },
          ],
        },
      ],
    },
  },
  {
    // The trading core and the strategies run under any host: they know nothing of sessions or transports.
    files: ['src/main/strategy/**/*.ts', 'src/main/trader/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(main/)?(bridge|hosts)(/|$)',
              message: 'src/main/strategy and src/main/trader import nothing from src/main/bridge or src/main/hosts.',
            },
          ],
        },
      ],
    },
  },
  prettier,
)
