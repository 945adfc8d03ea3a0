import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as preflight from '../../src/deploy/preflight.ts';

const now = new Date('2026-11-29T12:00:00Z');
const admin = { Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/admin', UserId: 'AIDAADMINADMINADMIN01' };
const exempt = [{ name: 'admin', userId: 'AIDAADMINADMINADMIN01', reason: 'break-glass' }];

const principal = suite('preflight.principalOf');

principal('reads IAM users, with or without a path, roles and root', () => {
  assert.equal(preflight.principalOf('arn:aws:iam::123456789012:user/alice'), { kind: 'user', name: 'alice', partition: 'aws' });
  assert.equal(preflight.principalOf('arn:aws-cn:iam::123456789012:user/engineering/carol'), { kind: 'user', name: 'carol', partition: 'aws-cn' });
  assert.equal(preflight.principalOf('arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com'), { kind: 'role', partition: 'aws' });
  assert.equal(preflight.principalOf('arn:aws:iam::123456789012:root'), { kind: 'root', partition: 'aws' });
  assert.equal(preflight.principalOf('arn:aws:sts::123456789012:federated-user/bob'), { kind: 'other', partition: 'aws' });
});

principal.run();

const lockout = suite('preflight.lockout');

lockout('an IAM user not on the whitelist is stopped, told why, and told about ALLOW_SELF_LOCKOUT=1 (not YES=1)', () => {
  const verdict = preflight.lockout(admin, [], now, false);
  assert.is(verdict.level, 'fail');
  assert.match(verdict.message, 'you are IAM user admin, not on the whitelist');
  assert.match(verdict.message, 'can no longer update or delete this stack');
  assert.match(verdict.hint ?? '', 'pass ALLOW_SELF_LOCKOUT=1 to go ahead anyway (YES=1 does not)');
});

lockout('with ALLOW_SELF_LOCKOUT=1 the same caller goes ahead with a warning', () => {
  const verdict = preflight.lockout(admin, [], now, true);
  assert.is(verdict.level, 'warn');
  assert.match(verdict.message, '(going ahead: ALLOW_SELF_LOCKOUT=1)');
});

const partition = suite('preflight.partition');

partition('the commercial and China partitions are supported', () => {
  assert.equal(['eu-west-1', 'us-east-1', 'cn-north-1', 'ap-southeast-5'].map((r) => preflight.partition(r).level), ['ok', 'ok', 'ok', 'ok']);
});

partition('GovCloud, the ISO partitions and the European Sovereign Cloud are refused, naming the partition', () => {
  const found = ['us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-south-1', 'eusc-de-east-1'].map((r) => preflight.partition(r));
  assert.equal(found.map((v) => v.level), ['fail', 'fail', 'fail', 'fail', 'fail', 'fail']);
  assert.equal(found.map((v) => v.message.split(',')[0]), [
    'us-gov-west-1 is in partition aws-us-gov',
    'us-iso-east-1 is in partition aws-iso',
    'us-isob-east-1 is in partition aws-isob',
    'eu-isoe-west-1 is in partition aws-isoe',
    'us-isof-south-1 is in partition aws-isof',
    'eusc-de-east-1 is in partition aws-eusc',
  ]);
});


lockout('a whitelisted IAM user (same name and ID) passes', () => {
  assert.equal(preflight.lockout(admin, exempt, now, false), { check: 'lock-out', level: 'ok', message: 'you are IAM user admin, exempt by the whitelist' });
});

lockout('a user re-created under a whitelisted name (other ID) is not exempt', () => {
  assert.is(preflight.lockout({ ...admin, UserId: 'AIDAOTHEROTHEROTHER01' }, exempt, now, false).level, 'fail');
});

lockout('an expired exemption does not protect the caller', () => {
  assert.is(preflight.lockout(admin, [{ ...exempt[0]!, expires: '2026-11-28' }], now, false).level, 'fail');
});

lockout('roles pass: the policy does not bind them; root passes with a warning', () => {
  assert.is(preflight.lockout({ ...admin, Arn: 'arn:aws:sts::123456789012:assumed-role/Deploy/ci' }, [], now, false).level, 'ok');
  assert.is(preflight.lockout({ ...admin, Arn: 'arn:aws:iam::123456789012:root' }, [], now, false).level, 'warn');
});

lockout.run();

const others = suite('preflight.caller, whitelist verdicts and report');

others('the caller verdict names account and ARN', () => {
  assert.equal(preflight.caller(admin), { check: 'credentials', level: 'ok', message: 'account 123456789012 as arn:aws:iam::123456789012:user/admin' });
  assert.is(preflight.caller({ Account: '1' }).level, 'fail');
});

others('whitelist verdicts list the exempt users or keep every problem line', () => {
  assert.is(preflight.whitelistResolved([{ name: 'ci', userId: 'AIDAQ3EGRNG2ZH3EXAMPLE', expires: '2027-06-30' }]).message, '1 exempt: ci (until 2027-06-30)');
  assert.is(preflight.whitelistResolved([]).message, 'no exemptions: every IAM user gets the policy');
  assert.is(preflight.whitelistFailed('w:1: a\nw:2: b').message, 'w:1: a\nw:2: b');
});

others('passed is false as soon as one check fails; warnings do not stop', () => {
  assert.ok(preflight.passed([{ check: 'a', level: 'ok', message: '' }, { check: 'b', level: 'warn', message: '' }]));
  assert.not.ok(preflight.passed([{ check: 'a', level: 'ok', message: '' }, { check: 'b', level: 'fail', message: '' }]));
});

others('the report aligns checks and indents continuation lines and hints', () => {
  assert.equal(
    preflight.report([
      { check: 'credentials', level: 'ok', message: 'account 1' },
      { check: 'whitelist', level: 'fail', message: 'w:1: bad\nw:2: worse', hint: 'Fix it.' },
    ]),
    ['  ok    credentials  account 1', '  FAIL  whitelist    w:1: bad', '                     w:2: worse', '                     → Fix it.'],
  );
});

others.run();
partition.run();
