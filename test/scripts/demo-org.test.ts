import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runScript } from '../support/child.ts';

const demo = suite('make demo-org');

demo('tells the rollout offline: a failed account fixed by the rerun, report mode reported, enforce, a new account covered, all deleted; exit 0', async () => {
  const { code, stdout, stderr } = await runScript(['scripts/demo-org.ts'], {});
  assert.is(code, 0, stderr);
  const exits = [...stdout.matchAll(/^\(exit (\d)\)$/gm)].map((m) => Number(m[1]));
  assert.equal(exits, [1, 0, 1, 0, 0, 0]);
  assert.match(stdout, /222222222204 +data-prod +SUCCEEDED +FAILED .*NoAvailableConfigurationRecorderException/);
  assert.match(stdout, 'run again in 222222222204');
  assert.match(stdout, 'change Mode: report → enforce: updates 4 accounts');
  assert.match(stdout, 'Every target account is covered (5 active, 1 suspended skipped).');
  assert.match(stdout, 'Every mfa-guard StackSet is deleted.');
});

demo.run();
