import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventError } from '../../src/core/errors.ts';
import * as fields from '../../src/core/fields.ts';
import { rejects } from '../support/assert.ts';

const event = { id: 'e-1', detail: { userName: 'alice', count: 3, list: null, flag: false, nested: { items: [{ arn: 'a' }] }, empty: '' } };

function problem(fn: () => unknown): string {
  const error = rejects(fn, EventError);
  return `${error.eventId} ${error.field}: ${error.problem}`;
}

const string = suite('fields.string');

string('reads a string at a dotted path', () => {
  assert.is(fields.string(event, 'detail.userName', 'e-1'), 'alice');
});

string('names the shallowest missing segment', () => {
  assert.is(problem(() => fields.string(event, 'detail.absent.userName', 'e-1')), 'e-1 detail.absent: missing');
  assert.is(problem(() => fields.string(event, 'detail.list.first', 'e-1')), 'e-1 detail.list: missing');
  assert.is(problem(() => fields.string(event, 'detail.missing', 'e-1')), 'e-1 detail.missing: missing');
});

string('says what was expected and what was found', () => {
  assert.is(problem(() => fields.string(event, 'detail.count', 'e-1')), 'e-1 detail.count: expected a string, found a number');
  assert.is(problem(() => fields.string(event, 'detail.userName.first', 'e-1')), 'e-1 detail.userName: expected an object, found a string');
  assert.is(problem(() => fields.string('text', 'id', 'unknown')), 'unknown (event): expected an object, found a string');
});

string('an empty string is not a value', () => {
  assert.is(problem(() => fields.string(event, 'detail.empty', 'e-1')), 'e-1 detail.empty: empty');
});

string('prefixes field names read inside a list item', () => {
  assert.is(problem(() => fields.string({}, 'policyArn', 'e-1', 'configuration.attachedManagedPolicies[1]')), 'e-1 configuration.attachedManagedPolicies[1].policyArn: missing');
});

const optional = suite('fields.optionalString / optionalBoolean / list');

optional('absent or null reads as undefined; a wrong type still throws', () => {
  assert.is(fields.optionalString(event, 'detail.errorCode', 'e-1'), undefined);
  assert.is(fields.optionalString(event, 'detail.list', 'e-1'), undefined);
  assert.is(problem(() => fields.optionalString(event, 'detail.flag', 'e-1')), 'e-1 detail.flag: expected a string, found a boolean');
  assert.is(fields.optionalBoolean(event, 'detail.flag', 'e-1'), false);
  assert.is(fields.optionalBoolean(event, 'detail.none', 'e-1'), undefined);
  assert.is(problem(() => fields.optionalBoolean(event, 'detail.userName', 'e-1')), 'e-1 detail.userName: expected a boolean, found a string');
});

optional('a null or absent list reads as empty; a non-list throws', () => {
  assert.equal(fields.list(event, 'detail.list', 'e-1'), []);
  assert.equal(fields.list(event, 'detail.none', 'e-1'), []);
  assert.equal(fields.list(event, 'detail.nested.items', 'e-1'), [{ arn: 'a' }]);
  assert.is(problem(() => fields.list(event, 'detail.nested', 'e-1')), 'e-1 detail.nested: expected an array, found an object');
});

const others = suite('fields.object / expect / timestamp / json');

others('object requires an object', () => {
  assert.equal(fields.object(event, 'detail.nested', 'e-1'), { items: [{ arn: 'a' }] });
  assert.is(problem(() => fields.object(event, 'detail.nested.items', 'e-1')), 'e-1 detail.nested.items: expected an object, found an array');
  assert.is(problem(() => fields.object(event, 'detail.list', 'e-1')), 'e-1 detail.list: missing');
});

others('expect requires one exact value', () => {
  assert.is(fields.expect(event, 'id', 'e-1', 'e-1'), 'e-1');
  assert.is(problem(() => fields.expect(event, 'id', 'e-2', 'e-1')), 'e-1 id: expected "e-2", found "e-1"');
});

others('timestamp accepts ISO-8601 with a zone and rejects the rest, impossible dates included', () => {
  assert.equal(fields.timestamp({ t: '2023-06-01T09:12:40.331Z' }, 't', 'e'), new Date('2023-06-01T09:12:40.331Z'));
  assert.equal(fields.timestamp({ t: '2023-06-01T11:12:40+02:00' }, 't', 'e'), new Date('2023-06-01T09:12:40Z'));
  for (const bad of ['2023-06-01', '2023-06-01 09:12:40Z', '2023-06-01T09:12:40', '2023-02-30T00:00:00Z', '2023-06-01T24:00:00Z', 'Jun 1, 2023 9:12:40 AM']) {
    assert.is(problem(() => fields.timestamp({ t: bad }, 't', 'e')), `e t: "${bad}" is not an ISO-8601 timestamp`, bad);
  }
});

others('json parses an object held in a string', () => {
  assert.equal(fields.json({ doc: '{"a":1}' }, 'doc', 'e'), { a: 1 });
  assert.match(problem(() => fields.json({ doc: '{"a":' }, 'doc', 'e')), /^e doc: not JSON \(.+\)$/);
  assert.is(problem(() => fields.json({ doc: 'null' }, 'doc', 'e')), 'e doc: expected a JSON object, found null');
});

string.run();
optional.run();
others.run();
