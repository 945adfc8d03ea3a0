import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as stackEvents from '../../src/deploy/stack-events.ts';

const at = (s: number) => new Date(Date.UTC(2026, 10, 29, 12, 0, s));
const e = (EventId: string, LogicalResourceId: string, ResourceType: string, ResourceStatus: string, ResourceStatusReason?: string) => ({
  EventId,
  LogicalResourceId,
  ResourceType,
  ResourceStatus,
  Timestamp: at(Number(EventId.slice(1))),
  ...(ResourceStatusReason && { ResourceStatusReason }),
});

const takeNew = suite('stackEvents.takeNew');

takeNew('keeps the events before the marker of a newest-first page', () => {
  const page = [e('e3', 'A', 'T', 'CREATE_COMPLETE'), e('e2', 'A', 'T', 'CREATE_IN_PROGRESS'), e('e1', 's', 'AWS::CloudFormation::Stack', 'REVIEW_IN_PROGRESS')];
  assert.equal(stackEvents.takeNew(page, 'e1'), { fresh: page.slice(0, 2), reachedMarker: true });
});

takeNew('a page without the marker is all new, and the next page must be read', () => {
  const page = [e('e9', 'A', 'T', 'CREATE_COMPLETE')];
  assert.equal(stackEvents.takeNew(page, 'e1'), { fresh: page, reachedMarker: false });
});

takeNew('no marker (a stack without events): everything is new', () => {
  assert.is(stackEvents.takeNew([e('e1', 'A', 'T', 'X')], undefined).fresh.length, 1);
});

takeNew.run();

const status = suite('stackEvents.latestStackStatus');

status("reads the stack's own events, not its resources'", () => {
  const events = [e('e1', 'mfa-guard', 'AWS::CloudFormation::Stack', 'UPDATE_IN_PROGRESS'), e('e2', 'mfa-guard', 'AWS::Lambda::Function', 'UPDATE_COMPLETE')];
  assert.is(stackEvents.latestStackStatus(events, 'mfa-guard'), 'UPDATE_IN_PROGRESS');
  assert.is(stackEvents.latestStackStatus([events[1]!], 'mfa-guard'), undefined);
});

status.run();

const failures = suite('stackEvents.failureReport');

failures('lists every failed resource with its reason, in time order, without the stack itself', () => {
  const events = [
    e('e1', 'ConfigRule', 'AWS::Config::ConfigRule', 'CREATE_FAILED', 'NoAvailableConfigurationRecorder'),
    e('e2', 'EnforceFunction', 'AWS::Lambda::Function', 'CREATE_FAILED', 'Resource creation cancelled'),
    e('e3', 'mfa-guard', 'AWS::CloudFormation::Stack', 'ROLLBACK_IN_PROGRESS', 'The following resource(s) failed to create: [ConfigRule].'),
    e('e4', 'Policy', 'AWS::IAM::ManagedPolicy', 'DELETE_FAILED'),
  ];
  assert.equal(stackEvents.failureReport(events, 'mfa-guard'), [
    'LogicalResourceId  ResourceType             Status         Reason',
    '-----------------  -----------------------  -------------  --------------------------------',
    'ConfigRule         AWS::Config::ConfigRule  CREATE_FAILED  NoAvailableConfigurationRecorder',
    'EnforceFunction    AWS::Lambda::Function    CREATE_FAILED  Resource creation cancelled',
    'Policy             AWS::IAM::ManagedPolicy  DELETE_FAILED  (no reason given)',
  ]);
});

failures('says so when no resource reported a failure', () => {
  assert.equal(stackEvents.failureReport([], 's'), ['(no resource reported a failure; see the stack status reason above)']);
});

failures('one progress line per event: time, status, type, logical ID, reason', () => {
  assert.is(
    stackEvents.format(e('e7', 'Policy', 'AWS::IAM::ManagedPolicy', 'CREATE_FAILED', 'exists')).replace(/\s+/g, ' '),
    '12:00:07 CREATE_FAILED AWS::IAM::ManagedPolicy Policy exists',
  );
});

failures.run();
