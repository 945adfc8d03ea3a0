/**
 * `make demo`: mfa-guard at work with no AWS account. Plays scripts/demo/story.ts and prints the
 * timeline; exits 1 if the story does not end with every non-exempt user holding the policy.
 */
import process from 'node:process';
import { colorWanted } from '../src/core/report-render.ts';
import * as timeline from './demo/timeline.ts';
import { EXEMPTIONS, tell, usersMissingPolicy } from './demo/story.ts';
import { quietOnBrokenPipe, runMain } from './operator/cli.ts';
import * as usage from './usage.ts';

quietOnBrokenPipe();
if (!usage.stop('demo')) runMain('demo', async () => {
  const out = (text: string) => void process.stdout.write(text);
  let n = 0;
  const story = await tell({
    color: colorWanted(process.stdout.isTTY, process.env.NO_COLOR),
    onStart: (account) => out(`${timeline.intro(account, EXEMPTIONS)}\n`),
    onStep: (step) => out(`${timeline.step(++n, step)}\n`),
  });
  out(timeline.report(n + 1, story.report.at, story.report.calls, story.report.table));
  const missing = usersMissingPolicy(story.account);
  const total = story.steps.reduce((sum, s) => sum + s.calls.length, 0) + story.report.calls.length;
  out(`${missing.length === 0 ? 'End state: every user but the whitelisted has DenyActionWithoutMFA' : `End state: WRONG, missing the policy: ${missing.join(', ')}`}; ${total} AWS calls in all.\n`);
  return missing.length === 0 ? 0 : 1;
});
