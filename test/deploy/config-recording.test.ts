import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as configRecording from '../../src/deploy/config-recording.ts';

const all = { name: 'default', recordingGroup: { allSupported: true, includeGlobalResourceTypes: true, resourceTypes: [] } };
const recording = [{ name: 'default', recording: true, lastStatus: 'Success' }];

const covers = suite('configRecording.coversUsers');

covers('all supported types with global types: yes', () => {
  assert.ok(configRecording.coversUsers(all).covers);
});

covers('all supported types without global types: no, and says why', () => {
  assert.equal(configRecording.coversUsers({ recordingGroup: { allSupported: true, includeGlobalResourceTypes: false } }), {
    covers: false,
    why: 'it records all supported types but includeGlobalResourceTypes is false',
  });
});

covers('a list of types covers users only when it names AWS::IAM::User', () => {
  assert.ok(configRecording.coversUsers({ recordingGroup: { allSupported: false, resourceTypes: ['AWS::IAM::User'], recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' } } }).covers);
  assert.not.ok(configRecording.coversUsers({ recordingGroup: { allSupported: false, resourceTypes: ['AWS::IAM::Role'] } }).covers);
});

covers('the exclusion strategy covers users unless it excludes them, whatever includeGlobalResourceTypes says', () => {
  const group = (excluded: string[]) => ({ recordingGroup: { allSupported: false, includeGlobalResourceTypes: false, exclusionByResourceTypes: { resourceTypes: excluded }, recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' } } });
  assert.ok(configRecording.coversUsers(group(['AWS::EC2::Instance'])).covers);
  assert.not.ok(configRecording.coversUsers(group(['AWS::IAM::User'])).covers);
});

covers('a recorder without a recording group records no IAM types', () => {
  assert.not.ok(configRecording.coversUsers({ name: 'default' }).covers);
});

covers.run();

const verdict = suite('configRecording.verdict');

verdict('ok when a recording recorder covers IAM users', () => {
  assert.equal(configRecording.verdict('eu-west-1', [all], recording, []), {
    check: 'aws-config',
    level: 'ok',
    message: 'recorder "default" in eu-west-1 records IAM users (it records all types, global IAM types included)',
  });
});

verdict('no recorder: fail, with how to turn it on', () => {
  const v = configRecording.verdict('eu-west-1', [], [], []);
  assert.is(v.level, 'fail');
  assert.is(v.message, 'AWS Config has no configuration recorder in eu-west-1');
  assert.match(v.hint ?? '', 'includeGlobalResourceTypes=true');
});

verdict('service-linked recorders do not count', () => {
  assert.is(configRecording.verdict('eu-west-1', [{ ...all, servicePrincipal: 'config-conforms.amazonaws.com' }], recording, []).level, 'fail');
});

verdict('IAM users recorded in another region: fail, naming that region and the command', () => {
  const v = configRecording.verdict('eu-west-1', [{ name: 'default', recordingGroup: { allSupported: true, includeGlobalResourceTypes: false } }], recording, [
    { region: 'us-east-1', records: true },
    { region: 'eu-central-1', records: false },
    { region: 'me-south-1', error: 'UnrecognizedClientException' },
  ]);
  assert.is(v.level, 'fail');
  assert.is(v.message, 'recorder "default" in eu-west-1 does not record IAM users: it records all supported types but includeGlobalResourceTypes is false');
  assert.equal(v.hint?.split('\n'), ['IAM users are recorded in us-east-1: deploy there, e.g. make deploy REGION=us-east-1', 'Not checked: me-south-1 (UnrecognizedClientException)']);
});

verdict('a stopped recorder: fail, with the start command', () => {
  const v = configRecording.verdict('eu-west-1', [all], [{ name: 'default', recording: false }], []);
  assert.is(v.message, 'recorder "default" in eu-west-1 records IAM users but is stopped');
  assert.is(v.hint, 'Start it: aws configservice start-configuration-recorder --configuration-recorder-name default --region eu-west-1');
});

verdict('a failing recorder or daily recording of users: warn', () => {
  assert.is(configRecording.verdict('eu-west-1', [all], [{ name: 'default', recording: true, lastStatus: 'Failure', lastErrorCode: 'AccessDenied' }], []).level, 'warn');
  const daily = { ...all, recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [{ recordingFrequency: 'DAILY', resourceTypes: ['AWS::IAM::User'] }] } };
  assert.match(configRecording.verdict('eu-west-1', [daily], recording, []).message, 'only daily');
});

verdict('a region AWS Config reached after February 2022 cannot record IAM users, whatever its recorder says', () => {
  const v = configRecording.verdict('eu-central-2', [all], recording, []);
  assert.is(v.level, 'fail');
  assert.is(v.message, 'AWS Config cannot record IAM users in eu-central-2: it records IAM types only in regions where it existed before February 2022');
  assert.not.match(v.hint ?? '', 'Record IAM users in eu-central-2');
  assert.match(v.hint ?? '', 'before February 2022 (e.g. us-east-1)');
  const elsewhere = configRecording.verdict('il-central-1', [all], recording, [{ region: 'eu-west-1', records: true }]);
  assert.match(elsewhere.hint ?? '', 'IAM users are recorded in eu-west-1: deploy there');
});

verdict('which regions can record IAM types: those AWS Config existed in before February 2022', () => {
  for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-3', 'cn-northwest-1', 'us-gov-west-1']) assert.is(configRecording.canRecordIamTypes(region), true, region);
  // The regions AWS lists as unable to record the global IAM types, and later ones.
  for (const region of ['ap-south-2', 'ap-southeast-4', 'ca-west-1', 'eu-south-2', 'eu-central-2', 'il-central-1', 'me-central-1', 'mx-central-1']) {
    assert.is(configRecording.canRecordIamTypes(region), false, region);
  }
  assert.is(configRecording.canRecordIamTypes('us-iso-east-1'), undefined);
});

verdict('candidate regions follow the partition', () => {
  assert.ok(configRecording.candidateRegions('aws').includes('us-east-1'));
  assert.equal(configRecording.candidateRegions('aws-cn'), ['cn-north-1', 'cn-northwest-1']);
  assert.equal(configRecording.candidateRegions('aws-iso'), []);
});

verdict.run();
