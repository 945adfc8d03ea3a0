/** `make version`: the package version and the git commit, as tagged on the stacks (`mfa-guard:version`). */
import process from 'node:process';
import * as usage from './usage.ts';

if (!usage.stop('version')) process.stdout.write(`${usage.describeVersion()}\n`);
