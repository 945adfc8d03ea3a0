import { DeleteParameterCommand, GetParameterCommand, ParameterAlreadyExists, ParameterNotFound, PutParameterCommand, ValidationException } from '@aws-sdk/client-ssm';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MemoryAccount } from '../../sim/account.ts';
import { rejectsAsync } from '../support/assert.ts';

const NAME = '/mfa-guard/whitelist';

function setup() {
  const account = new MemoryAccount();
  return { account, ssm: account.clients().ssm };
}

const parameters = suite('SSM parameters');

parameters('GetParameter of a missing parameter is ParameterNotFound', async () => {
  const { ssm } = setup();
  const error = await rejectsAsync(ssm.send(new GetParameterCommand({ Name: NAME })), ParameterNotFound);
  assert.is(error.$metadata.httpStatusCode, 400);
});

parameters('PutParameter creates version 1; GetParameter returns it with its ARN', async () => {
  const { ssm } = setup();
  const put = await ssm.send(new PutParameterCommand({ Name: NAME, Value: '{"version":1,"exemptions":[]}', Type: 'String' }));
  assert.equal([put.Version, put.Tier], [1, 'Standard']);
  const got = await ssm.send(new GetParameterCommand({ Name: NAME }));
  assert.is(got.Parameter?.Value, '{"version":1,"exemptions":[]}');
  assert.is(got.Parameter?.Type, 'String');
  assert.is(got.Parameter?.ARN, 'arn:aws:ssm:us-east-1:123456789012:parameter/mfa-guard/whitelist');
  assert.instance(got.Parameter?.LastModifiedDate, Date);
});

parameters('an existing parameter is replaced only with Overwrite, which bumps the version', async () => {
  const { account, ssm } = setup();
  account.setParameter(NAME, 'a');
  await rejectsAsync(ssm.send(new PutParameterCommand({ Name: NAME, Value: 'b', Type: 'String' })), ParameterAlreadyExists);
  const put = await ssm.send(new PutParameterCommand({ Name: NAME, Value: 'b', Overwrite: true }));
  assert.is(put.Version, 2);
  assert.is((await ssm.send(new GetParameterCommand({ Name: NAME }))).Parameter?.Value, 'b');
});

parameters('creating needs a type and a value of 1 to 4,096 characters in the Standard tier', async () => {
  const { ssm } = setup();
  await rejectsAsync(ssm.send(new PutParameterCommand({ Name: NAME, Value: 'x' })), ValidationException);
  await rejectsAsync(ssm.send(new PutParameterCommand({ Name: NAME, Value: '', Type: 'String' })), ValidationException);
  await rejectsAsync(ssm.send(new PutParameterCommand({ Name: NAME, Value: 'x'.repeat(4097), Type: 'String' })), ValidationException);
  const advanced = await ssm.send(new PutParameterCommand({ Name: NAME, Value: 'x'.repeat(4097), Type: 'String', Tier: 'Advanced' }));
  assert.is(advanced.Tier, 'Advanced');
});

parameters('a SecureString is returned in clear only WithDecryption', async () => {
  const { account, ssm } = setup();
  account.setParameter(NAME, 'secret', 'SecureString');
  assert.is.not((await ssm.send(new GetParameterCommand({ Name: NAME }))).Parameter?.Value, 'secret');
  assert.is((await ssm.send(new GetParameterCommand({ Name: NAME, WithDecryption: true }))).Parameter?.Value, 'secret');
});

parameters('DeleteParameter removes it; deleting again is ParameterNotFound', async () => {
  const { account, ssm } = setup();
  account.setParameter(NAME, 'a');
  await ssm.send(new DeleteParameterCommand({ Name: NAME }));
  await rejectsAsync(ssm.send(new DeleteParameterCommand({ Name: NAME })), ParameterNotFound);
});

parameters.run();
