/**
 * The shell of the deploy-family commands: reads the make variables (the one place that reads the
 * environment for them), builds the clients, runs the command, and turns failures into a message
 * and exit code 1 (a declined confirmation too: nothing was deployed).
 */
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import { deployClients, resolveRegion, type DeployAws } from '../../src/aws/deploy-clients.ts';
import { errorMessage, errorName } from '../../src/aws/errors.ts';
import { WhitelistError } from '../../src/core/errors.ts';
import { DeclinedError, DeployError } from '../../src/deploy/errors.ts';
import * as settings from '../../src/deploy/settings.ts';
import * as awsEnv from '../aws-env.ts';
import * as usage from '../usage.ts';
import { realPace, terminal, type Io, type Pace } from './io.ts';

/** Everything a command needs, built from the environment. */
export interface Context {
  readonly settings: settings.Settings;
  readonly region: string;
  readonly aws: DeployAws;
  readonly io: Io;
  readonly pace: Pace;
}

/** Runs `command` as `make <name>`; sets a non-zero exit code on any failure. */
export function main(name: string, command: (context: Context) => Promise<void>): void {
  if (usage.stop(name)) return;
  const run = async () => {
    const parsed = settings.parse(process.env);
    awsEnv.prepare(process.env);
    const region = await resolveRegion(parsed.region);
    await command({ settings: parsed, region, aws: deployClients(region), io: terminal(parsed.yes), pace: realPace() });
  };
  run().catch((error: unknown) => {
    process.stderr.write(`\nmake ${name} failed: ${explain(error)}\n`);
    process.exitCode = 1;
  });
}

/** Reads a file the command needs; a missing one is a DeployError saying how to make it. */
export async function readText(path: string, howToMake: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new DeployError('files', `cannot read ${path} (${errorName(error) ?? 'Error'}: ${errorMessage(error)})`, howToMake);
  }
}

function explain(error: unknown): string {
  if (error instanceof DeployError || error instanceof DeclinedError || error instanceof WhitelistError || error instanceof awsEnv.AwsSetupError) return error.message;
  const setup = awsEnv.explainSetup(error, process.env);
  if (setup) return setup;
  // An AWS error escaping a step: its name and message are what the operator can act on.
  return `${errorName(error) ?? 'Error'}: ${errorMessage(error) || String(error)}`;
}
