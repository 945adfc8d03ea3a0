/**
 * A burst: a first deploy or a mass detach sends thousands of Compliance Change events at once.
 * Remediate's reserved concurrency (cfn/mfa-guard.yml: 5) bounds the containers, so the whitelist is
 * read once per container (cached 60 s) and SSM's throttling is absorbed by the SDK's retries; a user
 * that still ends in the dead-letter queue is repaired by the next sweep (test/handlers/sweep.test.ts).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { remediate } from '../../src/handlers/remediate.ts';
import { throttling } from '../../sim/account-errors.ts';
import { carries, container, fixtureAccount } from '../../sim/container.ts';
import * as fixtures from '../../sim/fixtures.ts';
import * as templates from '../support/templates.ts';

const nonCompliant = (userId: string) => fixtures.withField(fixtures.load('compliance-change', 'non-compliant-user.json'), 'detail.resourceId', userId);

const burst = suite('faults: a burst of Compliance Change events');

burst('600 events through the reserved 5 containers: SSM read 5 times despite throttling, every user attached', async () => {
  const reserved = templates.property(templates.load(templates.HOME), 'RemediateFunction', 'ReservedConcurrentExecutions') as { 'Fn::If': [string, number, unknown] };
  const containers = reserved['Fn::If'][1];
  assert.is(containers, 5);
  const account = fixtureAccount();
  const seeded = account.seed(600, { violating: 1, whitelisted: 0 });
  // SSM throttles the first reads (more than 40 TPS at the start of the burst): each is retried by the SDK.
  account.fail('GetParameter', () => throttling('ssm'), { times: 4 });
  const pool = Array.from({ length: containers }, () => container(account).deps);
  account.resetCalls();
  await Promise.all(pool.map(async (deps, c) => {
    for (let i = c; i < seeded.users.length; i += containers) await remediate(nonCompliant(seeded.users[i]?.id ?? ''), deps);
  }));
  assert.ok(seeded.users.every((u) => carries(account, u.name)));
  const reads = account.calls.filter((call) => call.command === 'GetParameter');
  assert.is(reads.filter((call) => !call.error).length, containers);
  assert.is(reads.filter((call) => call.error).length, 4);
});

burst.run();
