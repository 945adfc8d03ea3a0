import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DeployError } from '../../src/deploy/errors.ts';
import * as settings from '../../src/deploy/settings.ts';
import { rejects } from '../support/assert.ts';
import * as templates from '../support/templates.ts';

const parse = suite('settings.parse');

parse('defaults: stack mfa-guard, MODE enforce, no YES, whitelist.txt, region left to the SDK', () => {
  assert.equal(settings.parse({}), { region: undefined, stack: 'mfa-guard', mode: 'enforce', yes: false, allowSelfLockout: false, whitelistFile: 'whitelist.txt', mfaMaxAgeSeconds: 3600, frequency: undefined, logRetention: undefined, alertEmail: '', notifyNewUsers: true, profile: undefined });
});

parse('empty make variables count as unset', () => {
  assert.equal(settings.parse({ REGION: '', STACK: '', MODE: '', YES: '', WHITELIST: '', MFA_MAX_AGE: '', FREQUENCY: '', LOG_RETENTION: '', ALERT_EMAIL: '', NOTIFY_NEW_USERS: '' }), settings.parse({}));
});

parse('reads every variable', () => {
  assert.equal(settings.parse({ REGION: 'eu-west-1', STACK: 'guard-2', MODE: 'report', YES: '1', ALLOW_SELF_LOCKOUT: 'yes', WHITELIST: 'ops/whitelist.txt', AWS_PROFILE: 'admin', MFA_MAX_AGE: '900', FREQUENCY: 'Six_Hours', LOG_RETENTION: '365', ALERT_EMAIL: 'security@example.com', NOTIFY_NEW_USERS: '0' }), {
    region: 'eu-west-1',
    stack: 'guard-2',
    mode: 'report',
    yes: true,
    allowSelfLockout: true,
    whitelistFile: 'ops/whitelist.txt',
    mfaMaxAgeSeconds: 900,
    frequency: 'Six_Hours',
    logRetention: 365,
    alertEmail: 'security@example.com',
    notifyNewUsers: false,
    profile: 'admin',
  });
  assert.is(settings.parse({ YES: '0' }).yes, false);
  assert.is(settings.parse({ YES: '1' }).allowSelfLockout, false);
});

parse('rejects a bad MODE, STACK, MFA_MAX_AGE, REGION or YES, naming the variable', () => {
  assert.match(rejects(() => settings.parse({ MODE: 'audit' }), DeployError).message, 'MODE "audit" is neither enforce nor report');
  assert.match(rejects(() => settings.parse({ STACK: '1guard' }), DeployError).message, 'STACK "1guard"');
  assert.match(rejects(() => settings.parse({ STACK: `a${'b'.repeat(32)}` }), DeployError).message, 'at most 32');
  for (const age of ['899', '129601', '1h', '3600.5']) assert.match(rejects(() => settings.parse({ MFA_MAX_AGE: age }), DeployError).message, `MFA_MAX_AGE "${age}"`);
  assert.match(rejects(() => settings.parse({ REGION: 'Europe' }), DeployError).message, 'REGION "Europe"');
  assert.match(rejects(() => settings.parse({ REGION: 'eu-wst-1' }), DeployError).message, 'REGION "eu-wst-1" is not an AWS region name (a geography, a compass direction and a number, like eu-west-1');
  assert.match(rejects(() => settings.parse({ YES: 'sure' }), DeployError).message, 'YES "sure"');
  assert.match(rejects(() => settings.parse({ ALLOW_SELF_LOCKOUT: 'please' }), DeployError).message, 'ALLOW_SELF_LOCKOUT "please" is not 1 or 0');
  assert.match(rejects(() => settings.parse({ FREQUENCY: 'Hourly' }), DeployError).message, 'FREQUENCY "Hourly" is not one of One_Hour, Three_Hours');
  assert.match(rejects(() => settings.parse({ LOG_RETENTION: '10' }), DeployError).message, 'LOG_RETENTION "10"');
  assert.match(rejects(() => settings.parse({ ALERT_EMAIL: 'security team' }), DeployError).message, 'ALERT_EMAIL "security team" is not an e-mail address');
  assert.match(rejects(() => settings.parse({ NOTIFY_NEW_USERS: 'yes' }), DeployError).message, 'NOTIFY_NEW_USERS "yes" is neither 1 nor 0');
});

parse('FREQUENCY and LOG_RETENTION accept exactly the values the template allows', () => {
  const parameters = templates.load(templates.HOME).Parameters as Record<string, { AllowedValues: unknown[] }>;
  assert.equal([...settings.FREQUENCIES], parameters.EvaluationFrequency?.AllowedValues);
  assert.equal([...settings.LOG_RETENTION_DAYS], parameters.LogRetentionDays?.AllowedValues);
});

parse('MFA_MAX_AGE takes the bounds of the template parameter MfaMaxAgeSeconds', () => {
  assert.is(settings.parse({ MFA_MAX_AGE: '900' }).mfaMaxAgeSeconds, 900);
  assert.is(settings.parse({ MFA_MAX_AGE: '129600' }).mfaMaxAgeSeconds, 129_600);
});

parse('the longest allowed stack name is accepted, and its forwarder and monitoring stack names too (test/cfn checks the names the templates give)', () => {
  const stack = settings.parse({ STACK: `a${'b'.repeat(settings.MAX_STACK_LENGTH - 1)}` }).stack;
  assert.ok(settings.names(stack).forwarderStack.length <= 128);
  assert.ok(settings.names(stack).monitoringStack.length <= 128);
  assert.ok(settings.names(stack).fallbackGroup.length <= 128);
});

parse.run();

const names = suite('settings.names');

names("the default stack's names are the templates' defaults", () => {
  assert.equal(settings.names('mfa-guard'), { whitelistParameter: '/mfa-guard/whitelist', configRule: 'mfa-guard-users', forwarderStack: 'mfa-guard-iam-events', fallbackGroup: 'mfa-guard-mfa-required', monitoringStack: 'mfa-guard-monitoring' });
});

names('another stack gets its own names, so two stacks do not share a parameter or rule', () => {
  assert.equal(settings.names('guard-2'), { whitelistParameter: '/guard-2/whitelist', configRule: 'guard-2-users', forwarderStack: 'guard-2-iam-events', fallbackGroup: 'guard-2-mfa-required', monitoringStack: 'guard-2-monitoring' });
});

names.run();
