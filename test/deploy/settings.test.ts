import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DeployError } from '../../src/deploy/errors.ts';
import * as settings from '../../src/deploy/settings.ts';
import { rejects } from '../support/assert.ts';

const parse = suite('settings.parse');

parse('defaults: stack mfa-guard, MODE enforce, no YES, whitelist.txt, region left to the SDK', () => {
  assert.equal(settings.parse({}), { region: undefined, stack: 'mfa-guard', mode: 'enforce', yes: false, whitelistFile: 'whitelist.txt', alertEmail: '', notifyNewUsers: true });
});

parse('empty make variables count as unset', () => {
  assert.equal(settings.parse({ REGION: '', STACK: '', MODE: '', YES: '', WHITELIST: '', ALERT_EMAIL: '', NOTIFY_NEW_USERS: '' }), settings.parse({}));
});

parse('reads every variable', () => {
  assert.equal(settings.parse({ REGION: 'eu-west-1', STACK: 'guard-2', MODE: 'report', YES: '1', WHITELIST: 'ops/whitelist.txt', ALERT_EMAIL: 'security@example.com', NOTIFY_NEW_USERS: '0' }), {
    region: 'eu-west-1',
    stack: 'guard-2',
    mode: 'report',
    yes: true,
    whitelistFile: 'ops/whitelist.txt',
    alertEmail: 'security@example.com',
    notifyNewUsers: false,
  });
  assert.is(settings.parse({ YES: '0' }).yes, false);
});

parse('rejects a bad MODE, STACK, REGION or YES, naming the variable', () => {
  assert.match(rejects(() => settings.parse({ MODE: 'audit' }), DeployError).message, 'MODE "audit" is neither enforce nor report');
  assert.match(rejects(() => settings.parse({ STACK: '1guard' }), DeployError).message, 'STACK "1guard"');
  assert.match(rejects(() => settings.parse({ STACK: `a${'b'.repeat(117)}` }), DeployError).message, 'at most 117');
  assert.match(rejects(() => settings.parse({ REGION: 'Europe' }), DeployError).message, 'REGION "Europe"');
  assert.match(rejects(() => settings.parse({ YES: 'sure' }), DeployError).message, 'YES "sure"');
  assert.match(rejects(() => settings.parse({ ALERT_EMAIL: 'security team' }), DeployError).message, 'ALERT_EMAIL "security team" is not an e-mail address');
  assert.match(rejects(() => settings.parse({ NOTIFY_NEW_USERS: 'yes' }), DeployError).message, 'NOTIFY_NEW_USERS "yes" is neither 1 nor 0');
});

parse('the longest allowed stack name still leaves room for the forwarder and monitoring suffixes', () => {
  const stack = `a${'b'.repeat(116)}`;
  assert.is(settings.names(settings.parse({ STACK: stack }).stack).forwarderStack.length, 128);
  assert.ok(settings.names(stack).monitoringStack.length <= 128);
});

parse.run();

const names = suite('settings.names');

names("the default stack's names are the templates' defaults", () => {
  assert.equal(settings.names('mfa-guard'), { whitelistParameter: '/mfa-guard/whitelist', configRule: 'mfa-guard-users', forwarderStack: 'mfa-guard-iam-events', monitoringStack: 'mfa-guard-monitoring' });
});

names('another stack gets its own names, so two stacks do not share a parameter or rule', () => {
  assert.equal(settings.names('guard-2'), { whitelistParameter: '/guard-2/whitelist', configRule: 'guard-2-users', forwarderStack: 'guard-2-iam-events', monitoringStack: 'guard-2-monitoring' });
});

names.run();
