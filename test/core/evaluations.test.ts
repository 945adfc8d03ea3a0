import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as evaluations from '../../src/core/evaluations.ts';
import type { UserState } from '../../src/core/users.ts';

const at = new Date('2023-06-01T09:12:40.331Z');
const ID = 'AIDAJQABLZS4A3QDU576Q';
const states: Record<UserState['kind'], UserState> = {
  exempt: { kind: 'exempt', reason: 'whitelisted until 2027-06-30: GitHub Actions', exemption: { name: 'ci-deployer', userId: 'AIDAQ3EGRNG2ZH3EXAMPLE' } },
  violating: { kind: 'violating', reason: 'DenyActionWithoutMFA is not attached' },
  contained: { kind: 'contained', reason: 'DenyActionWithoutMFA is attached; no MFA device yet, so the user can only enrol one' },
  enforced: { kind: 'enforced', reason: 'DenyActionWithoutMFA is attached and the user has 1 MFA device' },
  attached: { kind: 'attached', reason: 'DenyActionWithoutMFA is attached (MFA devices not visible here)' },
};

const complianceOf = suite('evaluations.complianceOf');

complianceOf('exempt is NOT_APPLICABLE, violating NON_COMPLIANT, every attached state COMPLIANT', () => {
  const compliance = Object.fromEntries(Object.values(states).map((s) => [s.kind, evaluations.complianceOf(s)]));
  assert.equal(compliance, { exempt: 'NOT_APPLICABLE', violating: 'NON_COMPLIANT', contained: 'COMPLIANT', enforced: 'COMPLIANT', attached: 'COMPLIANT' });
});

const forState = suite('evaluations.forState');

forState('is a PutEvaluations evaluation of the user ID, annotated with the state and its reason', () => {
  assert.equal(evaluations.forState(ID, states.violating, at), {
    ComplianceResourceType: 'AWS::IAM::User',
    ComplianceResourceId: ID,
    ComplianceType: 'NON_COMPLIANT',
    Annotation: 'violating: DenyActionWithoutMFA is not attached',
    OrderingTimestamp: at,
  });
});

forState('an annotation longer than 256 characters is clipped to 256, ending with an ellipsis', () => {
  const long = { kind: 'exempt', reason: `whitelisted: ${'x'.repeat(400)}`, exemption: { name: 'ci', userId: 'AIDAQ3EGRNG2ZH3EXAMPLE' } } as const;
  const annotation = evaluations.forState(ID, long, at).Annotation;
  assert.is(annotation.length, 256);
  assert.ok(annotation.startsWith('exempt: whitelisted: xxx'));
  assert.ok(annotation.endsWith('x…'));
});

forState('an annotation of exactly 256 characters is kept whole', () => {
  const reason = 'y'.repeat(256 - 'violating: '.length);
  const annotation = evaluations.forState(ID, { kind: 'violating', reason }, at).Annotation;
  assert.is(annotation, `violating: ${reason}`);
});

forState('an annotation is one line: whitespace and line breaks collapse', () => {
  const annotation = evaluations.forState(ID, { kind: 'violating', reason: 'policy\n   not\tattached ' }, at).Annotation;
  assert.is(annotation, 'violating: policy not attached');
});

const notApplicable = suite('evaluations.notApplicable');

notApplicable('is NOT_APPLICABLE with the reason as annotation', () => {
  assert.equal(evaluations.notApplicable(ID, 'the user was deleted (configurationItemStatus ResourceDeleted)', at), {
    ComplianceResourceType: 'AWS::IAM::User',
    ComplianceResourceId: ID,
    ComplianceType: 'NOT_APPLICABLE',
    Annotation: 'the user was deleted (configurationItemStatus ResourceDeleted)',
    OrderingTimestamp: at,
  });
});

notApplicable('an annotation is never empty: Config requires 1 to 256 characters', () => {
  assert.is(evaluations.notApplicable(ID, '', at).Annotation, 'no reason given');
  assert.is(evaluations.notApplicable(ID, ' \n\t ', at).Annotation, 'no reason given');
});

const batches = suite('evaluations.batches');

batches('splits into batches of at most 100, the PutEvaluations limit, keeping order', () => {
  const items = Array.from({ length: 250 }, (_, i) => i);
  const split = evaluations.batches(items);
  assert.equal(split.map((b) => b.length), [100, 100, 50]);
  assert.equal(split.flat(), items);
  assert.is(evaluations.MAX_EVALUATIONS_PER_CALL, 100);
});

batches('exact multiples leave no empty batch; nothing gives no batch', () => {
  assert.equal(evaluations.batches(Array.from({ length: 200 }, (_, i) => i)).map((b) => b.length), [100, 100]);
  assert.equal(evaluations.batches(Array.from({ length: 101 }, (_, i) => i)).map((b) => b.length), [100, 1]);
  assert.equal(evaluations.batches([]), []);
});

batches('takes another size', () => {
  assert.equal(evaluations.batches([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
});

complianceOf.run();
forState.run();
notApplicable.run();
batches.run();
