/**
 * Malformed input through the three handlers: truncated JSON, missing fields, wrong types, unknown
 * message types, an `invokingEvent` that is not JSON, megabyte events. Each is an EventError naming
 * the event and the field, with a message of bounded length, and nothing is half-done: no AWS call
 * at all, not even the whitelist read.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventError } from '../../src/core/errors.ts';
import { evaluate } from '../../src/handlers/config-rule.ts';
import type { ConfigDeps } from '../../src/handlers/deps.ts';
import { enforce } from '../../src/handlers/enforce.ts';
import { remediate } from '../../src/handlers/remediate.ts';
import { rejectsAsync } from '../support/assert.ts';
import { callNames, carries, container, fixtureAccount } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';
import { mutations } from '../support/mutations.ts';

type Handler = 'evaluate' | 'remediate' | 'enforce';

const MEGABYTE = 'x'.repeat(1024 * 1024);
const noWait = { newUserRetry: { sleep: async () => {} } };

const HANDLERS: Record<Handler, (event: unknown, deps: ConfigDeps) => Promise<unknown>> = {
  evaluate: (event, deps) => evaluate(event, deps),
  remediate: (event, deps) => remediate(event, deps),
  enforce: (event, deps) => enforce(event, deps, noWait),
};

const change = () => fixtures.load('config-rule', 'change-user-violating.json');
const nonCompliant = () => fixtures.load('compliance-change', 'non-compliant-user.json');
const detach = () => fixtures.load('cloudtrail', 'detach-user-policy.json');
const half = (text: string) => text.slice(0, Math.floor(text.length / 2));
const item = (path: string, value: unknown) => fixtures.withInvokingField(change(), `invokingEvent.configurationItem.${path}`, value);

interface Case {
  readonly title: string;
  readonly handler: Handler;
  readonly event: () => unknown;
  readonly field: string;
  readonly problem?: RegExp;
}

const CASES: readonly Case[] = [
  { title: 'a CloudTrail event cut in half reaches the enforcer as text', handler: 'enforce', event: () => half(fixtures.text('cloudtrail/detach-user-policy.json')), field: '(event)', problem: /not an object/ },
  { title: 'a Config rule invocation cut in half reaches the rule as text', handler: 'evaluate', event: () => half(fixtures.text('config-rule/change-user-violating.json')), field: '(event)', problem: /not an object/ },
  { title: 'a Compliance Change cut in half reaches remediation as text', handler: 'remediate', event: () => half(fixtures.text('compliance-change/non-compliant-user.json')), field: '(event)', problem: /not an object/ },
  { title: 'an invokingEvent cut in half', handler: 'evaluate', event: () => ({ ...change(), invokingEvent: half(String(change().invokingEvent)) }), field: 'invokingEvent', problem: /^not JSON/ },
  { title: 'an invokingEvent that is not JSON', handler: 'evaluate', event: () => ({ ...change(), invokingEvent: 'ConfigurationItemChangeNotification' }), field: 'invokingEvent', problem: /^not JSON/ },
  { title: 'an invokingEvent that is a JSON array', handler: 'evaluate', event: () => ({ ...change(), invokingEvent: '[]' }), field: 'invokingEvent', problem: /expected a JSON object, found an array/ },
  { title: 'an invokingEvent sent as an object instead of a string', handler: 'evaluate', event: () => ({ ...change(), invokingEvent: JSON.parse(String(change().invokingEvent)) }), field: 'invokingEvent', problem: /expected a string, found an object/ },
  { title: 'an unknown message type', handler: 'evaluate', event: () => fixtures.withInvokingField(change(), 'invokingEvent.messageType', 'ComplianceChangeNotification'), field: 'invokingEvent.messageType', problem: /unknown message type "ComplianceChangeNotification"/ },
  { title: 'a rule invocation without its result token', handler: 'evaluate', event: () => fixtures.withField(change(), 'resultToken', undefined), field: 'resultToken', problem: /missing/ },
  { title: 'eventLeftScope as the string "false"', handler: 'evaluate', event: () => fixtures.withField(change(), 'eventLeftScope', 'false'), field: 'eventLeftScope', problem: /expected a boolean, found a string/ },
  { title: 'a megabyte user name in a configuration item', handler: 'evaluate', event: () => item('configuration.userName', MEGABYTE), field: 'invokingEvent.configurationItem.configuration.userName', problem: /is not a valid IAM user name/ },
  { title: 'a user ID that is not one', handler: 'evaluate', event: () => item('configuration.userId', 42), field: 'invokingEvent.configurationItem.configuration.userId', problem: /expected a string, found a number/ },
  { title: 'attached policies as a string', handler: 'evaluate', event: () => item('configuration.attachedManagedPolicies', 'DenyActionWithoutMFA'), field: 'invokingEvent.configurationItem.configuration.attachedManagedPolicies', problem: /expected an array/ },
  { title: 'an impossible capture time', handler: 'evaluate', event: () => item('configurationItemCaptureTime', '2023-02-30T09:20:05.902Z'), field: 'invokingEvent.configurationItem.configurationItemCaptureTime', problem: /not an ISO-8601 timestamp/ },
  { title: 'a Compliance Change without the resource ID', handler: 'remediate', event: () => fixtures.withField(nonCompliant(), 'detail.resourceId', undefined), field: 'detail.resourceId', problem: /missing/ },
  { title: 'a resource ID that is a number', handler: 'remediate', event: () => fixtures.withField(nonCompliant(), 'detail.resourceId', 42), field: 'detail.resourceId', problem: /expected a string, found a number/ },
  { title: 'a megabyte resource ID', handler: 'remediate', event: () => fixtures.withField(nonCompliant(), 'detail.resourceId', MEGABYTE), field: 'detail.resourceId', problem: /is not an IAM user ID/ },
  { title: 'a CloudTrail event sent to remediation', handler: 'remediate', event: detach, field: 'detail-type', problem: /expected "Config Rules Compliance Change", found "AWS API Call via CloudTrail"/ },
  { title: 'a detach without the user name', handler: 'enforce', event: () => fixtures.withField(detach(), 'detail.requestParameters.userName', undefined), field: 'detail.requestParameters.userName', problem: /missing/ },
  { title: 'a detach whose requestParameters are null', handler: 'enforce', event: () => fixtures.withField(detach(), 'detail.requestParameters', null), field: 'detail.requestParameters', problem: /missing/ },
  { title: 'a user name that is a number', handler: 'enforce', event: () => fixtures.withField(detach(), 'detail.requestParameters.userName', 42), field: 'detail.requestParameters.userName', problem: /expected a string, found a number/ },
  { title: 'a megabyte user name', handler: 'enforce', event: () => fixtures.withField(detach(), 'detail.requestParameters.userName', MEGABYTE), field: 'detail.requestParameters.userName', problem: /… \(1048576 characters\)" is not a valid IAM user name/ },
  { title: 'a megabyte of requestParameters without the user name', handler: 'enforce', event: () => fixtures.withField(detach(), 'detail.requestParameters', { policyArn: fixtures.POLICY_ARN, padding: MEGABYTE }), field: 'detail.requestParameters.userName', problem: /missing/ },
  { title: 'a megabyte event ID', handler: 'enforce', event: () => fixtures.withField(detach(), 'id', MEGABYTE), field: 'id', problem: /is 1048576 characters long; an identifier has at most 768/ },
  { title: 'a CreateUser whose recorded user ID is not one', handler: 'enforce', event: () => fixtures.withField(fixtures.load('cloudtrail', 'create-user.json'), 'detail.responseElements.user.userId', 'bob'), field: 'detail.responseElements.user.userId', problem: /"bob" is not an IAM user ID/ },
  { title: 'an event without detail', handler: 'enforce', event: () => fixtures.withField(detach(), 'detail', undefined), field: 'detail', problem: /missing/ },
  { title: 'an event name that is a number', handler: 'enforce', event: () => fixtures.withField(detach(), 'detail.eventName', 7), field: 'detail.eventName', problem: /expected a string, found a number/ },
];

const malformed = suite('faults: malformed input is an EventError naming the field, with no AWS call');

for (const c of CASES) {
  malformed(`${c.handler}: ${c.title}`, async () => {
    const account = fixtureAccount();
    const { deps, logs } = container(account);
    const error = await rejectsAsync(HANDLERS[c.handler](c.event(), deps), EventError);
    assert.is(error.field, c.field);
    if (c.problem) assert.match(error.problem, c.problem);
    assert.ok(error.message.length < 1000, `message of ${error.message.length} characters`);
    assert.equal(callNames(account), []);
    assert.equal(logs, []);
  });
}

malformed.run();

const huge = suite('faults: megabyte events that are well formed');

huge('a megabyte of other requestParameters beside a valid detach is the plain detach: one attach, a log line of normal size', async () => {
  const account = fixtureAccount();
  account.detachPolicy('alice', fixtures.POLICY_ARN);
  const { deps, logs } = container(account);
  await enforce(fixtures.withField(detach(), 'detail.requestParameters.padding', MEGABYTE), deps);
  assert.equal(callNames(account), ['ssm:GetParameter', 'iam:AttachUserPolicy']);
  assert.ok(carries(account, 'alice'));
  assert.ok(JSON.stringify(logs).length < 1000);
});

huge('a megabyte configuration item (a user with thousands of tags) is evaluated from the item alone', async () => {
  const account = fixtureAccount();
  const tags = Object.fromEntries(Array.from({ length: 8000 }, (_, i) => [`tag-${i}`, 'x'.repeat(120)]));
  const { deps } = container(account);
  const [evaluation] = await evaluate(item('tags', tags), deps);
  assert.is(evaluation?.ComplianceType, 'NON_COMPLIANT');
  assert.equal(callNames(account), ['ssm:GetParameter', 'config:PutEvaluations']);
});

huge('a policy ARN of a megabyte is another policy: ignored, with a reason of bounded length', async () => {
  const account = fixtureAccount();
  const { deps, logs } = container(account);
  await enforce(fixtures.withField(detach(), 'detail.requestParameters.policyArn', `arn:aws:iam::123456789012:policy/${MEGABYTE}`), deps);
  assert.equal(callNames(account), []);
  assert.is(logs[0]?.decision, 'ignore');
  assert.ok((logs[0]?.reason.length ?? 0) < 400);
});

huge.run();

const FOLDERS: Record<string, Handler> = { cloudtrail: 'enforce', 'config-rule': 'evaluate', 'compliance-change': 'remediate' };
const NAMES: Record<string, readonly string[]> = {
  cloudtrail: ['create-user.json', 'create-user-with-path.json', 'detach-user-policy.json', 'detach-user-policy-user-with-path.json', 'delete-policy.json', 'delete-policy-failed.json', 'create-policy-version.json', 'set-default-policy-version.json', 'attach-user-policy.json'],
  'config-rule': ['change-user-compliant.json', 'change-user-violating.json', 'change-user-with-path.json', 'change-user-deleted.json', 'oversized-user.json', 'scheduled.json'],
  'compliance-change': ['non-compliant-user.json', 'first-evaluation.json', 'compliant-user.json'],
};
const MUTANTS = Object.entries(NAMES).flatMap(([folder, names]) =>
  names.flatMap((name) => [...mutations(fixtures.load(folder, name))].map((m) => ({ handler: FOLDERS[folder] as Handler, label: `${folder}/${name}: ${m.path}`, event: m.value }))),
);

const mutated = suite('faults: any one field of a fixture changed, through its handler');

mutated(`each of ${MUTANTS.length} mutants (300 drawn, fixed seed) is handled, or is an EventError with no AWS call`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: MUTANTS.length - 1 }), async (index) => {
      const mutant = MUTANTS[index];
      if (!mutant) throw new Error(`no mutant ${index}`);
      const account = fixtureAccount();
      const { deps } = container(account);
      try {
        await HANDLERS[mutant.handler](structuredClone(mutant.event), deps);
      } catch (error) {
        if (!(error instanceof EventError)) throw new Error(`${mutant.label}: ${String(error)}`);
        if (account.calls.length > 0) throw new Error(`${mutant.label}: EventError after ${callNames(account).join(', ')}`);
      }
    }),
    { seed: 20261129, numRuns: 300 },
  );
});

mutated.run();
