import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as trails from '../../src/deploy/trails.ts';

const multi = { Name: 'org-trail', HomeRegion: 'eu-west-1', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, status: { IsLogging: true } };

const verdict = suite('trails.verdict');

verdict('a logging multi-region trail with global events: ok', () => {
  assert.equal(trails.verdict([multi], 'us-east-1'), { check: 'cloudtrail', level: 'ok', message: 'trail "org-trail" logs IAM events' });
});

verdict('a single-region trail counts only in the IAM events region', () => {
  const single = { ...multi, Name: 'local', IsMultiRegionTrail: false, HomeRegion: 'us-east-1' };
  assert.is(trails.verdict([single], 'us-east-1').level, 'ok');
  assert.is(trails.verdict([{ ...single, HomeRegion: 'eu-west-1' }], 'us-east-1').level, 'warn');
});

verdict('no trail: a warning that the real-time path may stay silent, with how to create one', () => {
  const v = trails.verdict([], 'us-east-1');
  assert.is(v.level, 'warn');
  assert.is(v.message, 'no CloudTrail trail applies to us-east-1: the real-time path (enforce) may stay silent; the Config rule still repairs within the hour');
  assert.match(v.hint ?? '', 'aws cloudtrail create-trail');
});

verdict('a stopped trail, or one without global service events, is not enough', () => {
  assert.match(trails.verdict([{ ...multi, status: { IsLogging: false } }], 'us-east-1').message, 'no trail that covers IAM is logging');
  assert.match(trails.verdict([{ ...multi, IncludeGlobalServiceEvents: false }], 'us-east-1').message, 'no trail is multi-region (or in us-east-1) with global service events');
});

verdict('a status that could not be read is shown, not hidden', () => {
  const v = trails.verdict([{ ...multi, status: { error: 'TrailNotFoundException: Unknown trail' } }], 'us-east-1');
  assert.is(v.level, 'warn');
  assert.match(v.message, 'status unreadable: "org-trail": TrailNotFoundException: Unknown trail');
});

verdict('custom event selectors are pointed out', () => {
  assert.match(trails.verdict([{ ...multi, HasCustomEventSelectors: true }], 'us-east-1').message, 'custom event selectors');
});

verdict('IAM events land in us-east-1, or cn-north-1 in China', () => {
  assert.is(trails.iamEventsRegion('eu-west-1'), 'us-east-1');
  assert.is(trails.iamEventsRegion('cn-northwest-1'), 'cn-north-1');
});

verdict.run();
