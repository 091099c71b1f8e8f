/**
 * The part of the `reflect-metadata` API that `@peculiar/x509` (through
 * tsyringe) needs before it loads: `Reflect.defineMetadata`, `getMetadata`
 * and friends. Installed only when no polyfill is present. The metadata map
 * is process-wide by nature (it annotates classes, not emulator state).
 */
type Key = string | symbol | undefined
const store = new WeakMap<object, Map<Key, Map<unknown, unknown>>>()

function table(target: object, property: Key, create: boolean): Map<unknown, unknown> | undefined {
  let byProperty = store.get(target)
  if (!byProperty) {
    if (!create) return undefined
    byProperty = new Map()
    store.set(target, byProperty)
  }
  let values = byProperty.get(property)
  if (!values && create) {
    values = new Map()
    byProperty.set(property, values)
  }
  return values
}

function getMetadata(key: unknown, target: object, property?: Key): unknown {
  for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
    const values = table(t, property, false)
    if (values?.has(key)) return values.get(key)
  }
  return undefined
}

const api = {
  defineMetadata: (key: unknown, value: unknown, target: object, property?: Key): void => void table(target, property, true)?.set(key, value),
  getOwnMetadata: (key: unknown, target: object, property?: Key): unknown => table(target, property, false)?.get(key),
  hasOwnMetadata: (key: unknown, target: object, property?: Key): boolean => table(target, property, false)?.has(key) ?? false,
  getMetadata,
  hasMetadata: (key: unknown, target: object, property?: Key): boolean => getMetadata(key, target, property) !== undefined,
  metadata: (key: unknown, value: unknown) => (target: object, property?: Key): void => void table(target, property, true)?.set(key, value),
}

const reflect = Reflect as unknown as Record<string, unknown>
if (typeof reflect['getMetadata'] !== 'function') Object.assign(reflect, api)
