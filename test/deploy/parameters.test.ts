import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as parameters from '../../src/deploy/parameters.ts';

const forChangeSet = suite('parameters.forChangeSet');

forChangeSet('a given value is sent as is', () => {
  assert.equal(parameters.forChangeSet({ Mode: 'report' }, ['Mode']), [{ ParameterKey: 'Mode', ParameterValue: 'report' }]);
});

forChangeSet('a value not given keeps the deployed one on an update', () => {
  assert.equal(parameters.forChangeSet({ LogRetentionDays: undefined }, ['Mode', 'LogRetentionDays']), [{ ParameterKey: 'LogRetentionDays', UsePreviousValue: true }]);
});

forChangeSet('a value not given is left out when the stack has no such parameter yet (first deploy, or new in the template)', () => {
  assert.equal(parameters.forChangeSet({ Mode: 'enforce', EvaluationFrequency: undefined }, []), [{ ParameterKey: 'Mode', ParameterValue: 'enforce' }]);
});

forChangeSet.run();
