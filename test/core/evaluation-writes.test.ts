import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as evaluations from '../../src/core/evaluations.ts';
import * as evaluationWrites from '../../src/core/evaluation-writes.ts';
import type { HeldEvaluation } from '../../src/core/evaluation-writes.ts';

const at = new Date('2025-01-15T12:00:00.000Z');
const ALICE = 'AIDAJQABLZS4A3QDU576Q';
const BOB = 'AIDAIOSFODNN7EXAMPLE';
const GONE = 'AIDAGONEUSER7EXAMPLE';

const compliant = evaluations.forState(ALICE, { kind: 'enforced', reason: 'DenyActionWithoutMFA is attached and the user has 1 MFA device' }, at);
const violating = evaluations.forState(BOB, { kind: 'violating', reason: 'DenyActionWithoutMFA is not attached' }, at);
const heldAs = (e: evaluations.Evaluation, changes: Partial<HeldEvaluation> = {}): HeldEvaluation => ({
  resourceType: e.ComplianceResourceType,
  resourceId: e.ComplianceResourceId,
  complianceType: e.ComplianceType,
  annotation: e.Annotation,
  ...changes,
});

const toWrite = suite('evaluationWrites.toWrite');

toWrite('an account where Config holds every answer already writes nothing', () => {
  const writes = evaluationWrites.toWrite([compliant, violating], { kind: 'read', evaluations: [heldAs(compliant), heldAs(violating)] }, at);
  assert.equal(writes.write, []);
  assert.is(writes.unchanged, 2);
  assert.is(writes.fallback, undefined);
});

toWrite('a user whose compliance type changed is written', () => {
  const writes = evaluationWrites.toWrite([compliant, violating], { kind: 'read', evaluations: [heldAs(compliant), heldAs(violating, { complianceType: 'COMPLIANT' })] }, at);
  assert.equal(writes.write, [violating]);
});

toWrite('a user whose annotation changed (same compliance type) is written', () => {
  const writes = evaluationWrites.toWrite([compliant], { kind: 'read', evaluations: [heldAs(compliant, { annotation: 'attached: DenyActionWithoutMFA is attached (MFA devices not visible here)' })] }, at);
  assert.equal(writes.write, [compliant]);
});

toWrite('a user Config never evaluated is written: a first sweep after deploy evaluates everyone', () => {
  assert.equal(evaluationWrites.toWrite([compliant, violating], { kind: 'read', evaluations: [] }, at).write, [compliant, violating]);
});

toWrite('an ID Config holds that IAM no longer has gets NOT_APPLICABLE, ordered at the sweep', () => {
  const gone = heldAs(compliant, { resourceId: GONE });
  const writes = evaluationWrites.toWrite([compliant], { kind: 'read', evaluations: [heldAs(compliant), gone] }, at);
  assert.equal(writes.vanished, [GONE]);
  assert.equal(writes.write, [evaluations.notApplicable(GONE, evaluationWrites.VANISHED_REASON, at)]);
});

toWrite('an ID Config already holds as NOT_APPLICABLE is not written again once IAM no longer has it', () => {
  const gone = heldAs(evaluations.notApplicable(GONE, 'the user was deleted', at));
  assert.equal(evaluationWrites.toWrite([], { kind: 'read', evaluations: [gone] }, at).write, []);
});

toWrite('evaluations held for other resource types are neither compared nor cleared', () => {
  const bucket: HeldEvaluation = { resourceType: 'AWS::S3::Bucket', resourceId: BOB, complianceType: 'COMPLIANT' };
  assert.equal(evaluationWrites.toWrite([violating], { kind: 'read', evaluations: [bucket] }, at).write, [violating]);
});

toWrite('an unreadable listing falls back to writing every evaluation, and says so', () => {
  const writes = evaluationWrites.toWrite([compliant, violating], { kind: 'unreadable', reason: 'ThrottlingException: Rate exceeded' }, at);
  assert.equal(writes.write, [compliant, violating]);
  assert.match(writes.fallback ?? '', /compliance listing unreadable \(ThrottlingException: Rate exceeded\): writing all 2 evaluations/);
});

toWrite.run();
