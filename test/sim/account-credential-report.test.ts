import {
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
} from '@aws-sdk/client-iam';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HEADER } from '../../sim/account-credential-report.ts';
import { MemoryAccount } from '../../sim/account.ts';
import { rejectsAsync } from '../support/assert.ts';

function setup() {
  const account = new MemoryAccount();
  account.createPolicy({ name: 'DenyActionWithoutMFA' });
  account.addUser({ name: 'alice', policies: [account.policyArn], mfa: 1, password: { lastUsed: new Date('2025-01-14T08:30:00Z') }, accessKeys: [{ lastUsed: { date: new Date('2025-01-10T10:00:00Z'), region: 'eu-west-1', service: 's3' } }] });
  account.addUser({ name: 'bob', password: true, accessKeys: [{ status: 'Inactive' }, { status: 'Active' }] });
  account.addUser({ name: 'ci', path: '/machines/' });
  return { account, iam: account.clients().iam };
}

async function report(iam: ReturnType<typeof setup>['iam']) {
  const out = await iam.send(new GetCredentialReportCommand({}));
  return { out, lines: new TextDecoder().decode(out.Content).split('\n') };
}

const credentialReport = suite('IAM credential report');

credentialReport('before any GenerateCredentialReport there is no report', async () => {
  const { iam } = setup();
  await rejectsAsync(iam.send(new GetCredentialReportCommand({})), CredentialReportNotPresentException);
});

credentialReport('Generate answers STARTED, then COMPLETE on the next call; in between the report is not ready', async () => {
  const { iam } = setup();
  assert.is((await iam.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
  await rejectsAsync(iam.send(new GetCredentialReportCommand({})), CredentialReportNotReadyException);
  assert.is((await iam.send(new GenerateCredentialReportCommand({}))).State, 'COMPLETE');
  const { out } = await report(iam);
  assert.is(out.ReportFormat, 'text/csv');
  assert.instance(out.Content, Uint8Array);
  assert.instance(out.GeneratedTime, Date);
});

credentialReport('the number of polls before COMPLETE is configurable', async () => {
  const { account, iam } = setup();
  account.reportPolls = 2;
  const states = [];
  for (let i = 0; i < 4; i++) states.push((await iam.send(new GenerateCredentialReportCommand({}))).State);
  assert.equal(states, ['STARTED', 'INPROGRESS', 'COMPLETE', 'COMPLETE']);
});

credentialReport('the CSV has the real header, the root row, and one row a user with N/A and no_information where they belong', async () => {
  const { account, iam } = setup();
  account.reportPolls = 0;
  await iam.send(new GenerateCredentialReportCommand({}));
  const { lines } = await report(iam);
  assert.is(lines[0], HEADER);
  assert.is(lines[0]?.split(',').length, 22);
  assert.is(lines[1], '<root_account>,arn:aws:iam::123456789012:root,2024-01-16T12:00:00+00:00,not_supported,no_information,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A');
  const t = '2025-01-15T12:00:00+00:00';
  assert.equal(lines.slice(2), [
    `alice,arn:aws:iam::123456789012:user/alice,${t},true,2025-01-14T08:30:00+00:00,${t},N/A,true,true,${t},2025-01-10T10:00:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    `bob,arn:aws:iam::123456789012:user/bob,${t},true,no_information,${t},N/A,false,false,${t},N/A,N/A,N/A,true,${t},N/A,N/A,N/A,false,N/A,false,N/A`,
    `ci,arn:aws:iam::123456789012:user/machines/ci,${t},false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ]);
});

credentialReport('the report is a snapshot: users added later appear only in a report generated after 4 hours', async () => {
  const { account, iam } = setup();
  account.reportPolls = 0;
  await iam.send(new GenerateCredentialReportCommand({}));
  account.addUser({ name: 'dave' });
  assert.is((await iam.send(new GenerateCredentialReportCommand({}))).State, 'COMPLETE');
  assert.is((await report(iam)).lines.length, 5);
  account.now = new Date(account.now.getTime() + 4 * 3600_000 + 1);
  await rejectsAsync(iam.send(new GetCredentialReportCommand({})), CredentialReportExpiredException);
  assert.is((await iam.send(new GenerateCredentialReportCommand({}))).State, 'STARTED');
  assert.is((await report(iam)).lines.length, 6);
});

credentialReport.run();
