import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupsGiven, oneWayEach } from '../../../src/options/alternatives.js';
import { refuses } from '../../helpers/refusals.js';

const GROUPS = { password: ['password', 'passwordFile'], repository: ['repository'] } as const;
type Name = (typeof GROUPS)[keyof typeof GROUPS][number];

test('two ways of giving one thing are refused, naming both as the caller labels them', () => {
  const given: Partial<Record<Name, string>> = { password: 'pw', passwordFile: '/f' };
  refuses(() => oneWayEach<Name>(GROUPS, (name) => [[name, given[name]]]), 'password/passwordFile');
  refuses(() => oneWayEach<Name>(GROUPS, (name) => [[name, undefined], [`env.${name}`, name === 'password' ? 'x' : undefined], [`file.${name}`, name === 'password' ? 'y' : undefined]]), 'env.password/file.password');
});

test('one way of each thing passes, and an empty string counts as given', () => {
  assert.doesNotThrow(() => oneWayEach<Name>(GROUPS, (name) => [[name, name === 'passwordFile' ? '' : undefined]]));
  refuses(() => oneWayEach<Name>(GROUPS, (name) => [[name, name === 'repository' ? undefined : '']]), 'password/passwordFile');
});

test('the groups given are those with any option given, whole', () => {
  assert.deepEqual(groupsGiven<Name>(GROUPS, (name) => name === 'passwordFile'), [['password', 'passwordFile']]);
  assert.deepEqual(groupsGiven<Name>(GROUPS, () => false), []);
});
