import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient, SSMServiceException } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as ssm from '../../src/aws/ssm.ts';
import { WhitelistError } from '../../src/core/errors.ts';
import * as whitelist from '../../src/core/whitelist.ts';
import { rejectsAsync } from '../support/assert.ts';
import { sent } from '../support/sent.ts';

const NAME = '/mfa-guard/whitelist';
const EXEMPTIONS = [{ name: 'ci-deployer', userId: 'AIDAQ3EGRNG2ZH3EXAMPLE', expires: '2027-06-30', reason: 'GitHub Actions' }];
const VALUE = whitelist.toParameter(EXEMPTIONS);
const $metadata = {};

function setup() {
  const client = new SSMClient({ region: 'us-east-1' });
  return { client, mock: mockClient(client) };
}

// GetParameter's response for a String parameter, as Parameter Store returns it.
const parameter = (value: string) => ({
  Parameter: {
    Name: NAME,
    Type: 'String' as const,
    Value: value,
    Version: 3,
    LastModifiedDate: new Date('2026-11-20T10:12:44.109Z'),
    ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${NAME}`,
    DataType: 'text',
  },
});

// ---------------------------------------------------------------------------------------------
const read = suite('ssm.readWhitelist');

read('reads and parses the parameter', async () => {
  const { client, mock } = setup();
  mock.on(GetParameterCommand).resolves(parameter(VALUE));
  assert.equal(await ssm.readWhitelist(client, NAME), EXEMPTIONS);
  assert.equal(sent(mock), [{ command: 'GetParameterCommand', input: { Name: NAME } }]);
});

read('a missing parameter is a WhitelistError naming it, never "nobody is exempt"', async () => {
  const { client, mock } = setup();
  mock.on(GetParameterCommand).rejects(new ParameterNotFound({ message: '', $metadata }));
  const error = await rejectsAsync(ssm.readWhitelist(client, NAME), WhitelistError);
  assert.is(error.message, `SSM parameter ${NAME}: not found (the deploy writes it from whitelist.txt)`);
});

read('a malformed value is a WhitelistError naming the parameter', async () => {
  const { client, mock } = setup();
  mock.on(GetParameterCommand).resolves(parameter('ci-deployer'));
  const error = await rejectsAsync(ssm.readWhitelist(client, NAME), WhitelistError);
  assert.match(error.message, `SSM parameter ${NAME}: is not JSON`);
});

read('a response without a value is a WhitelistError', async () => {
  const { client, mock } = setup();
  mock.on(GetParameterCommand).resolves({ Parameter: { Name: NAME } });
  await rejectsAsync(ssm.readWhitelist(client, NAME), WhitelistError);
});

read('an unreadable parameter (access denied) propagates as is', async () => {
  const { client, mock } = setup();
  const denied = new SSMServiceException({ name: 'AccessDeniedException', $fault: 'client', message: 'not authorized to perform: ssm:GetParameter', $metadata });
  mock.on(GetParameterCommand).rejects(denied);
  assert.is(await rejectsAsync(ssm.readWhitelist(client, NAME), SSMServiceException), denied);
});

read.run();

// ---------------------------------------------------------------------------------------------
const cache = suite('ssm.cachedWhitelist');

cache('reads once within the TTL and again after it', async () => {
  const { client, mock } = setup();
  mock.on(GetParameterCommand).resolves(parameter(VALUE));
  let clock = 1_000;
  const exemptions = ssm.cachedWhitelist(client, NAME, { ttlMs: 60_000, now: () => clock });
  assert.equal(await exemptions(), EXEMPTIONS);
  clock += 59_999;
  assert.equal(await exemptions(), EXEMPTIONS);
  assert.is(mock.commandCalls(GetParameterCommand).length, 1);
  clock += 1;
  assert.equal(await exemptions(), EXEMPTIONS);
  assert.is(mock.commandCalls(GetParameterCommand).length, 2);
});

cache('concurrent callers share one read', async () => {
  const { client, mock } = setup();
  mock.on(GetParameterCommand).resolves(parameter(VALUE));
  const exemptions = ssm.cachedWhitelist(client, NAME, { now: () => 0 });
  await Promise.all([exemptions(), exemptions(), exemptions()]);
  assert.is(mock.commandCalls(GetParameterCommand).length, 1);
});

cache('a failed read is not cached: the next call reads again', async () => {
  const { client, mock } = setup();
  mock.on(GetParameterCommand).rejectsOnce(new ParameterNotFound({ message: '', $metadata })).resolves(parameter(VALUE));
  const exemptions = ssm.cachedWhitelist(client, NAME, { now: () => 0 });
  await rejectsAsync(exemptions(), WhitelistError);
  assert.equal(await exemptions(), EXEMPTIONS);
  assert.is(mock.commandCalls(GetParameterCommand).length, 2);
});

cache('each caller gets its own copy of the list', async () => {
  const { client, mock } = setup();
  mock.on(GetParameterCommand).resolves(parameter(VALUE));
  const exemptions = ssm.cachedWhitelist(client, NAME, { now: () => 0 });
  (await exemptions()).length = 0;
  assert.equal(await exemptions(), EXEMPTIONS);
  assert.is(mock.commandCalls(GetParameterCommand).length, 1);
});

cache.run();

// ---------------------------------------------------------------------------------------------
const write = suite('ssm.writeWhitelist');

write('overwrites a Standard String parameter', async () => {
  const { client, mock } = setup();
  mock.on(PutParameterCommand).resolves({ Version: 4, Tier: 'Standard' });
  await ssm.writeWhitelist(client, NAME, VALUE);
  assert.equal(sent(mock), [{ command: 'PutParameterCommand', input: { Name: NAME, Value: VALUE, Type: 'String', Overwrite: true, Tier: 'Standard' } }]);
});

write('refuses a value readers would reject, and writes nothing', async () => {
  const { client, mock } = setup();
  await rejectsAsync(ssm.writeWhitelist(client, NAME, '{"version":2}'), WhitelistError);
  assert.equal(sent(mock), []);
});

// Exemptions of 20-character names with real-length user IDs (AIDA + 17), an expiry and a reason of `reason` characters.
const many = (count: number, reason?: string) =>
  Array.from({ length: count }, (_, i) => ({ name: `machine-user-${String(i).padStart(7, '0')}`, userId: `AIDA${String(i).padStart(17, '0')}`, ...(reason !== undefined && { reason }) }));
const bytes = (value: string) => new TextEncoder().encode(value).length;

write('past 4096 bytes the compact version 2 is written, counting bytes, not characters', async () => {
  const list = Array.from({ length: 30 }, (_, i) => ({ name: `user${i}`, userId: `AIDA${String(i).padStart(17, '0')}`, reason: 'é'.repeat(40) }));
  const v1 = JSON.stringify({ version: 1, exemptions: list });
  assert.ok(v1.length <= 4096 && bytes(v1) > 4096);
  const value = whitelist.toParameter(list);
  assert.is(JSON.parse(value).version, 2);
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  assert.equal(whitelist.fromParameter(value, 'p').sort(byName), [...list].sort(byName));
});

write('the capacity (docs/deploy.md): 166 exemptions of 20-character names, or 96 with a 30-character reason, are written Advanced and read back in one call', async () => {
  for (const list of [many(166), many(96, 'x'.repeat(30))]) {
    const value = whitelist.toParameter(list);
    assert.ok(bytes(value) > 4096 && bytes(value) <= 8192, `${bytes(value)} bytes`);
    const { client, mock } = setup();
    mock.on(PutParameterCommand).resolves({ Version: 1, Tier: 'Advanced' });
    assert.is(await ssm.writeWhitelist(client, NAME, value), 'Advanced');
    assert.equal(sent(mock).map((c) => (c.input as { Tier: string }).Tier), ['Advanced']);
    mock.on(GetParameterCommand).resolves(parameter(value));
    assert.is((await ssm.readWhitelist(client, NAME)).length, list.length);
    assert.is(mock.commandCalls(GetParameterCommand).length, 1);
  }
});

write('one exemption more (167, or 97 with reasons) is over 8192 bytes: refused, naming the limit, and nothing is written', async () => {
  for (const list of [many(167), many(97, 'x'.repeat(30))]) {
    const { client, mock } = setup();
    const value = whitelist.toParameter(list);
    assert.ok(bytes(value) > 8192);
    const error = await rejectsAsync(ssm.writeWhitelist(client, NAME, value), WhitelistError);
    assert.match(error.message, /the value is \d+ bytes; a parameter holds at most 8192/);
    assert.equal(sent(mock), []);
  }
});

write('a parameter already Advanced stays Advanced when the value shrinks (AWS refuses a downgrade)', async () => {
  const { client, mock } = setup();
  const refusal = new SSMServiceException({ name: 'ValidationException', $fault: 'client', $metadata, message: "You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter." });
  mock.on(PutParameterCommand).rejectsOnce(refusal).resolves({ Version: 2, Tier: 'Advanced' });
  assert.is(await ssm.writeWhitelist(client, NAME, VALUE), 'Advanced');
  assert.equal(sent(mock).map((c) => (c.input as { Tier: string }).Tier), ['Standard', 'Advanced']);
});

write('any other refusal of a Standard write is not retried', async () => {
  const { client, mock } = setup();
  mock.on(PutParameterCommand).rejects(new SSMServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata, message: 'not authorized' }));
  await rejectsAsync(ssm.writeWhitelist(client, NAME, VALUE), SSMServiceException);
  assert.is(mock.commandCalls(PutParameterCommand).length, 1);
});

write('refuses {{…}}, which Parameter Store does not accept in a value', async () => {
  const { client, mock } = setup();
  const value = whitelist.toParameter([{ ...EXEMPTIONS[0]!, reason: 'see {{ssm:/ops/ticket}}' }]);
  await rejectsAsync(ssm.writeWhitelist(client, NAME, value), WhitelistError);
  assert.equal(sent(mock), []);
});

write.run();
