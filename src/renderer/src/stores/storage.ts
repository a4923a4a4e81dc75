/** localStorage as JSON, tolerant of a missing or corrupt entry (a reset is better than a blank window). */

export const STORAGE_PREFIX = 'eventdesk:'

export function loadJson<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(STORAGE_PREFIX + key)
    return text === null ? fallback : (JSON.parse(text) as T)
  } catch {
    return fallback
  }
}

export function saveJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(value))
  } catch {
    // Storage full or disabled: the window still works, it just forgets.
  }
}

export function removeStored(keyPrefix: string): void {
  try {
    const doomed: string[] = []
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)
      if (key !== null && key.startsWith(STORAGE_PREFIX + keyPrefix)) doomed.push(key)
    }
    for (const key of doomed) localStorage.removeItem(key)
  } catch {
    // Nothing stored, nothing to remove.
  }
}
