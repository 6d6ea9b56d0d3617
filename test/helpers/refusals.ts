import assert from 'node:assert/strict';
import { InvalidArgumentError, UnsupportedFeatureError } from '../../src/index.js';

/** `fn` throws InvalidArgumentError naming `option`. */
export function refuses(fn: () => unknown, option: string): void {
  assert.throws(fn, (e: unknown) => e instanceof InvalidArgumentError && e.option === option, option);
}

/** `fn` throws UnsupportedFeatureError naming `version` as the release needed. */
export function needs(fn: () => unknown, version: string): void {
  assert.throws(fn, (e: unknown) => e instanceof UnsupportedFeatureError && e.requiredVersion === version, version);
}
