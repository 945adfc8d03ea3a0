import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as health from '../../src/deploy/health.ts';
import { passed, report } from '../../src/deploy/preflight.ts';
import * as trails from '../../src/deploy/trails.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:';
const NOTIFY = 'arn:aws:lambda:eu-west-1:123456789012:function:mfa-guard_notify';
const recorder = { name: 'default', recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } };

/** A healthy deployment in eu-west-1. */
function healthy(): health.HealthFacts {
  return {
    version: '0.1.0',
    region: 'eu-west-1',
    eventsRegion: 'us-east-1',
    stacks: [
      { name: 'mfa-guard', region: 'eu-west-1', found: { status: 'UPDATE_COMPLETE', version: '0.1.0' } },
      { name: 'mfa-guard-iam-events', region: 'us-east-1', found: { status: 'CREATE_COMPLETE', version: '0.1.0' } },
      { name: 'mfa-guard-monitoring', region: 'eu-west-1', found: { status: 'CREATE_COMPLETE', version: '0.1.0' } },
    ],
    rules: [{ name: 'mfa-guard_iam-calls', region: 'eu-west-1', expectedTarget: `${FN}mfa-guard_enforce`, found: { state: 'ENABLED', targets: [`${FN}mfa-guard_enforce`] } }],
    trails: [{ Name: 'management-events', TrailARN: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events', HomeRegion: 'us-east-1', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, status: { IsLogging: true }, writesManagementEvents: true }],
    recorders: { recorders: [recorder], statuses: [{ name: 'default', recording: true, lastStatus: 'Success' }] },
    queues: [{ name: 'mfa-guard dead letters', url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q', depth: 0 }],
    functions: [{ name: 'mfa-guard_enforce', expected: 'code\n', deployed: { codeSha256: 'abc=', code: 'code\n' } }],
    subscriptions: [{ logGroup: '/aws/lambda/mfa-guard_enforce', expectedDestination: NOTIFY, found: [NOTIFY] }],
    evaluation: { rule: 'mfa-guard-users', maxAgeHours: 2, found: { lastSuccess: new Date('2026-11-30T11:05:00Z'), lastError: undefined } },
    now: NOW,
  };
}

const byCheck = (facts: health.HealthFacts, check: string) => health.checks(facts).find((v) => v.check === check);
const checks = suite('health.checks');

checks('a healthy deployment passes every check, one line each', () => {
  const verdicts = health.checks(healthy());
  assert.ok(passed(verdicts));
  assert.equal(report(verdicts), [
    `  ok    stack mfa-guard                       UPDATE_COMPLETE, version 0.1.0`,
    `  ok    stack mfa-guard-iam-events            CREATE_COMPLETE, version 0.1.0`,
    `  ok    stack mfa-guard-monitoring            CREATE_COMPLETE, version 0.1.0`,
    `  ok    rule mfa-guard_iam-calls              enabled, target ${FN}mfa-guard_enforce`,
    `  ok    cloudtrail                            trail "management-events" logs IAM events`,
    `  ok    aws-config                            recorder "default" in eu-west-1 records IAM users (it records all types, global IAM types included)`,
    `  ok    queue mfa-guard dead letters          empty`,
    `  ok    code mfa-guard_enforce                as built from this checkout (CodeSha256 abc=)`,
    `  ok    alerts /aws/lambda/mfa-guard_enforce  subscribed: the notify function tells its repairs`,
    `  ok    last evaluation                       rule mfa-guard-users evaluated successfully at 2026-11-30T11:05:00Z`,
  ]);
  assert.is(health.EXIT_UNHEALTHY, 3);
});

checks('a missing stack, one in a failed state, or one from another release fails, saying how to fix it', () => {
  const facts = healthy();
  const with_ = (found: health.StackFacts['found']) => ({ ...facts, stacks: [{ name: 'mfa-guard', region: 'eu-west-1', found }] });
  assert.equal(byCheck(with_(undefined), 'stack mfa-guard'), { check: 'stack mfa-guard', level: 'fail', message: 'does not exist in eu-west-1', hint: 'Run make deploy (from this checkout) to bring it back.' });
  assert.match(String(byCheck(with_({ status: 'UPDATE_ROLLBACK_FAILED', version: '0.1.0' }), 'stack mfa-guard')?.hint), 'describe-stack-events --stack-name mfa-guard --region eu-west-1');
  assert.is(byCheck(with_({ status: 'UPDATE_COMPLETE', version: '0.0.9' }), 'stack mfa-guard')?.message, 'is UPDATE_COMPLETE, version 0.0.9; this checkout is 0.1.0');
  assert.is(byCheck(with_({ error: 'AccessDenied: no' }), 'stack mfa-guard')?.message, 'could not be read: AccessDenied: no');
});

checks('a disabled rule, or one whose target is not our function, fails', () => {
  const rule = (found: health.RuleFacts['found']) => ({ ...healthy(), rules: [{ ...healthy().rules[0]!, found }] });
  const disabled = byCheck(rule({ state: 'DISABLED', targets: [] }), 'rule mfa-guard_iam-calls');
  assert.equal([disabled?.level, disabled?.hint], ['fail', 'aws events enable-rule --name mfa-guard_iam-calls --region eu-west-1']);
  assert.is(byCheck(rule({ state: 'ENABLED', targets: [] }), 'rule mfa-guard_iam-calls')?.message, `targets nothing, not ${FN}mfa-guard_enforce`);
  assert.is(byCheck(rule({ state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', targets: [`${FN}mfa-guard_enforce`] }), 'rule mfa-guard_iam-calls')?.level, 'ok');
});

checks('a stopped trail, or one that drops write management events, fails (the pre-flight only warns)', () => {
  const trail = healthy().trails as Exclude<health.HealthFacts['trails'], { error: string }>;
  const stopped = byCheck({ ...healthy(), trails: [{ ...trail[0]!, status: { IsLogging: false } }] }, 'cloudtrail');
  assert.equal([stopped?.level, stopped?.message], ['fail', 'no trail that covers IAM is logging: the real-time path (enforce) may stay silent; the Config rule still repairs within the hour']);
  const readOnly = byCheck({ ...healthy(), trails: [{ ...trail[0]!, writesManagementEvents: false }] }, 'cloudtrail');
  assert.match(String(readOnly?.message), 'exclude write management events');
  assert.match(String(readOnly?.hint), 'put-event-selectors --trail-name management-events');
});

checks('Config not recording IAM users fails with the pre-flight\'s hint', () => {
  const facts = { ...healthy(), recorders: { recorders: [recorder], statuses: [{ name: 'default', recording: false }] } };
  assert.equal(byCheck(facts, 'aws-config')?.hint, 'Start it: aws configservice start-configuration-recorder --configuration-recorder-name default --region eu-west-1');
});

checks('dead letters waiting fail, with how to read them', () => {
  const facts = { ...healthy(), queues: [{ name: 'mfa-guard dead letters', url: 'https://sqs/q', depth: 2 }] };
  const verdict = byCheck(facts, 'queue mfa-guard dead letters');
  assert.equal([verdict?.level, verdict?.message], ['fail', '2 event(s) could not be handled after retries']);
  assert.match(String(verdict?.hint), 'aws sqs receive-message --queue-url https://sqs/q --visibility-timeout 0');
});

checks('code that is not what make synth builds from this checkout is drift', () => {
  const fn = (deployed: health.FunctionFacts['deployed']) => ({ ...healthy(), functions: [{ name: 'f', expected: 'code\n', deployed }] });
  assert.match(String(byCheck(fn({ codeSha256: 'xyz=', code: 'evil()' }), 'code f')?.message), 'drift: the deployed code (CodeSha256 xyz=) is not what make synth builds');
  assert.is(byCheck(fn({ codeSha256: 'abc=', code: 'code' }), 'code f')?.level, 'ok', 'a trailing newline is not drift');
  assert.match(String(byCheck(fn({ codeSha256: 'abc=', code: undefined }), 'code f')?.message), 'has no index.js');
});

checks('no successful evaluation within twice the sweep frequency fails, naming when and the last error', () => {
  const at = (lastSuccess: Date | undefined, lastError?: string) => ({ ...healthy(), evaluation: { rule: 'mfa-guard-users', maxAgeHours: 2, found: { lastSuccess, lastError } } });
  assert.is(byCheck(at(new Date('2026-11-30T07:00:00Z')), 'last evaluation')?.message, 'rule mfa-guard-users last evaluated successfully at 2026-11-30T07:00:00Z, 5 h ago (more than twice the sweep frequency)');
  assert.is(byCheck(at(undefined, 'AccessDenied: PutEvaluations'), 'last evaluation')?.message, 'rule mfa-guard-users has never evaluated successfully (last error: AccessDenied: PutEvaluations)');
});

checks('a function\'s log group not subscribed by notify: its repairs are not told', () => {
  const facts = { ...healthy(), subscriptions: [{ logGroup: '/aws/lambda/mfa-guard_enforce', expectedDestination: NOTIFY, found: [] }] };
  assert.equal(byCheck(facts, 'alerts /aws/lambda/mfa-guard_enforce')?.message, `its lines do not reach ${NOTIFY}: this function's repairs are not told`);
});

checks.run();

const selectors = suite('trails.writesManagementEvents');

selectors('basic selectors: All or WriteOnly with management events; ReadOnly or excluded do not', () => {
  assert.ok(trails.writesManagementEvents({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }));
  assert.ok(trails.writesManagementEvents({ EventSelectors: [{ ReadWriteType: 'WriteOnly' }] }));
  assert.not.ok(trails.writesManagementEvents({ EventSelectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }] }));
  assert.not.ok(trails.writesManagementEvents({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false }] }));
});

selectors('advanced selectors: the Management category, unless only read-only events', () => {
  assert.ok(trails.writesManagementEvents({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] }));
  assert.ok(trails.writesManagementEvents({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }] }] }));
  assert.not.ok(trails.writesManagementEvents({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] }] }));
  assert.not.ok(trails.writesManagementEvents({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] }));
});

selectors.run();
