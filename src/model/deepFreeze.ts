/**
 * Freezes a plain-data value and everything in it, in place, and returns it: what the engine hands out or keeps
 * (customers, messages, configuration, restored snapshots) cannot be changed behind its back. A part already frozen
 * is taken as frozen through (the engine freezes whole values only), so shared parts are walked once.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
