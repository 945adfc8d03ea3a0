import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DeployError } from '../../src/deploy/errors.ts';
import * as settings from '../../src/deploy/settings.ts';
import { rejects } from '../support/assert.ts';

const parse = suite('settings.parse');

parse('defaults: stack mfa-guard, MODE enforce, no YES, whitelist.txt, region left to the SDK', () => {
  assert.equal(settings.parse({}), { region: undefined, stack: 'mfa-guard', mode: 'enforce', yes: false, allowSelfLockout: false, whitelistFile: 'whitelist.txt', profile: undefined });
});

parse('empty make variables count as unset', () => {
  assert.equal(settings.parse({ REGION: '', STACK: '', MODE: '', YES: '', WHITELIST: '' }), settings.parse({}));
});

parse('reads every variable', () => {
  assert.equal(settings.parse({ REGION: 'eu-west-1', STACK: 'guard-2', MODE: 'report', YES: '1', ALLOW_SELF_LOCKOUT: 'yes', WHITELIST: 'ops/whitelist.txt', AWS_PROFILE: 'admin' }), {
    region: 'eu-west-1',
    stack: 'guard-2',
    mode: 'report',
    yes: true,
    allowSelfLockout: true,
    whitelistFile: 'ops/whitelist.txt',
    profile: 'admin',
  });
  assert.is(settings.parse({ YES: '0' }).yes, false);
  assert.is(settings.parse({ YES: '1' }).allowSelfLockout, false);
});

parse('rejects a bad MODE, STACK, REGION or YES, naming the variable', () => {
  assert.match(rejects(() => settings.parse({ MODE: 'audit' }), DeployError).message, 'MODE "audit" is neither enforce nor report');
  assert.match(rejects(() => settings.parse({ STACK: '1guard' }), DeployError).message, 'STACK "1guard"');
  assert.match(rejects(() => settings.parse({ STACK: `a${'b'.repeat(117)}` }), DeployError).message, 'at most 117');
  assert.match(rejects(() => settings.parse({ REGION: 'Europe' }), DeployError).message, 'REGION "Europe"');
  assert.match(rejects(() => settings.parse({ REGION: 'eu-wst-1' }), DeployError).message, 'REGION "eu-wst-1" is not an AWS region name (a geography, a compass direction and a number, like eu-west-1');
  assert.match(rejects(() => settings.parse({ YES: 'sure' }), DeployError).message, 'YES "sure"');
  assert.match(rejects(() => settings.parse({ ALLOW_SELF_LOCKOUT: 'please' }), DeployError).message, 'ALLOW_SELF_LOCKOUT "please" is not 1 or 0');
});

parse('the longest allowed stack name still leaves room for the forwarder suffix', () => {
  const stack = `a${'b'.repeat(116)}`;
  assert.is(settings.names(settings.parse({ STACK: stack }).stack).forwarderStack.length, 128);
});

parse.run();

const names = suite('settings.names');

names("the default stack's names are the templates' defaults", () => {
  assert.equal(settings.names('mfa-guard'), { whitelistParameter: '/mfa-guard/whitelist', configRule: 'mfa-guard-users', forwarderStack: 'mfa-guard-iam-events' });
});

names('another stack gets its own names, so two stacks do not share a parameter or rule', () => {
  assert.equal(settings.names('guard-2'), { whitelistParameter: '/guard-2/whitelist', configRule: 'guard-2-users', forwarderStack: 'guard-2-iam-events' });
});

names.run();
