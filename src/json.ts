import { ResticOutputError } from './errors.js';

/**
 * restic's JSON, read tolerantly: unknown fields are kept, unknown message types are
 * passed on, and stray text around the JSON (warnings, prune's report after
 * `forget --prune`, a progress line in `stats`) is skipped rather than fatal.
 */

/** The JSON value of one output line, or undefined when the line is not JSON. */
export function parseJsonLine(line: string): unknown {
  const first = line.charCodeAt(0);
  // '{' or '[': anything else is text restic printed beside its JSON.
  if (first !== 123 && first !== 91) return undefined;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

/** An object's JSON value, or undefined. */
export function parseJsonObjectLine(line: string): Record<string, unknown> | undefined {
  const value = parseJsonLine(line);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The one JSON document a command printed (`snapshots`, `find`, `forget`, `stats`, `cat config`):
 * the whole output when it parses (indented JSON spans lines), else the first line that does.
 */
export function parseJsonDocument<T>(stdout: string, command: string): T {
  const text = stdout.trim();
  try {
    return JSON.parse(text) as T;
  } catch {
    for (const line of text.split('\n')) {
      const value = parseJsonLine(line.trim());
      if (value !== undefined) return value as T;
    }
  }
  throw new ResticOutputError(`restic ${command} printed no JSON`, stdout);
}

/** The message type of a JSON line: `message_type`, or `struct_type` for restic before 0.17 (`ls`). */
export function messageType(message: Record<string, unknown>): string | undefined {
  const type = message['message_type'] ?? message['struct_type'];
  return typeof type === 'string' ? type : undefined;
}
