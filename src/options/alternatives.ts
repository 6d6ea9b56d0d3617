import { InvalidArgumentError } from '../errors.js';

/**
 * Options that give one thing several ways, by what they give: where a repository is (its
 * location, or a file naming it) and its password (the password, a file, a command). restic
 * picks one silently when several are set (a password command wins over a password), so at
 * most one way of each may be given, and a thing given replaces every variable of it that
 * restic would otherwise inherit.
 */
export type Alternatives<K extends string> = Readonly<Record<string, readonly K[]>>;

/** One way an option is given: its name as errors show it, and its value (undefined: not given). */
export type Way = readonly [label: string, value: unknown];

/** Refuses two ways of giving one thing; `ways` lists how each option can be given. */
export function oneWayEach<K extends string>(groups: Alternatives<K>, ways: (name: K) => readonly Way[]): void {
  for (const [what, names] of Object.entries(groups)) {
    const given = names.flatMap(ways).filter(([, v]) => v !== undefined).map(([label]) => label);
    if (given.length > 1) throw new InvalidArgumentError(given.join('/'), `give one way of setting the ${what}, not ${given.length}`);
  }
}

/** The groups of which any option is given: each is the caller's to give whole. */
export function groupsGiven<K extends string>(groups: Alternatives<K>, isGiven: (name: K) => boolean): (readonly K[])[] {
  return Object.values(groups).filter((names) => names.some(isGiven));
}
