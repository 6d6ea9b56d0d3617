/**
 * An object literal (or `Object.create(null)`): not an array, a string, a Map or a class
 * instance, whose entries would be read as something else (`'ab'` spread is `{0:'a',1:'b'}`,
 * a Map spread is `{}`).
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
