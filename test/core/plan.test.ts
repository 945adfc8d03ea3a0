import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { failures, settled, type Outcome } from '../../src/core/plan.ts';

const rules = suite('plan: the rules on outcomes');

rules('an invocation fails when any outcome failed, each named with its reason', () => {
  const outcomes: Outcome[] = [
    { decision: 'attach', result: 'attached', user: 'alice', reason: 'detached' },
    { decision: 'attach', result: 'failed', user: 'bob', reason: 'Cannot exceed quota for PoliciesPerUser: 10' },
    { decision: 'skip', result: 'gone', userId: 'AIDAIOSFODNN7EXAMPLE', reason: 'deleted' },
    { decision: 'attach', result: 'dry-run', user: 'carol', reason: 'MODE=report' },
  ];
  assert.equal(failures(outcomes), [{ user: 'bob', reason: 'Cannot exceed quota for PoliciesPerUser: 10' }]);
  assert.equal(failures(outcomes.filter((o) => o.result !== 'failed')), []);
});

rules('a skip settles as its reason; an ignored event as ignored', () => {
  assert.equal(settled({ kind: 'skip', why: 'exempt', user: 'ci', reason: 'whitelisted' }), { decision: 'skip', result: 'exempt', user: 'ci', reason: 'whitelisted' });
  assert.equal(settled({ kind: 'skip', why: 'gone', userId: 'AIDAIOSFODNN7EXAMPLE', reason: 'deleted' }), { decision: 'skip', result: 'gone', userId: 'AIDAIOSFODNN7EXAMPLE', reason: 'deleted' });
  assert.equal(settled({ kind: 'ignore', reason: 'GetUser is not a call mfa-guard acts on' }), { decision: 'ignore', result: 'ignored', reason: 'GetUser is not a call mfa-guard acts on' });
});

rules.run();
