import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HOME_REGION, destroy, run, scene } from './harness.ts';

const destroyOrg = suite('destroy-org');

destroyOrg('deletes the instances, then the StackSets (forwarder, home, access): nothing left in any account, exit 0', async () => {
  const { org, outer, ids } = scene();
  await run(org, { OUS: outer });
  const { code, output } = await destroy(org);
  assert.is(code, 0, output);
  assert.is(org.stackSets.size, 0);
  for (const id of ids) assert.is(org.member(id).stacks.size, 0, id);
  assert.ok(output.indexOf('mfa-guard-iam-events: StackSet deleted') < output.indexOf('mfa-guard-home: StackSet deleted'));
  assert.ok(output.indexOf('mfa-guard-home: StackSet deleted') < output.indexOf('mfa-guard-access: StackSet deleted'));
});

destroyOrg('a policy still attached makes that instance INOPERABLE: listed with the remedy, exit 1, home and access StackSets kept', async () => {
  const { org, outer } = scene();
  await run(org, { OUS: outer });
  org.member('222222222206').account.addUser({ name: 'alice', policies: ['arn:aws:iam::222222222206:policy/DenyActionWithoutMFA'] });
  const { code, output } = await destroy(org);
  assert.is(code, 1);
  assert.match(output, /222222222206 {2}eu-west-1 {2}INOPERABLE .*DeleteConflict/);
  assert.match(output, 'aws iam list-entities-for-policy');
  assert.match(output, '--retain-stacks');
  assert.not.match(output, 'Every mfa-guard StackSet is deleted.');
  assert.equal([...org.stackSets.keys()].sort(), ['mfa-guard-access', 'mfa-guard-home']);
  assert.ok(org.member('222222222206').stacks.has(`${HOME_REGION}/mfa-guard-home`));
});

destroyOrg('a declined confirmation deletes nothing', async () => {
  const { org, outer } = scene();
  await run(org, { OUS: outer });
  const { code, output } = await destroy(org, [false]);
  assert.is(code, 1);
  assert.match(output, 'Nothing was deleted.');
  assert.is(org.stackSets.size, 3);
});

destroyOrg.run();
