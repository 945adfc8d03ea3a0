/**
 * `make invoke FN=<config-rule|remediate|enforce> EVENT=<file.json>`: one function, run locally on an
 * event file against the account the standard AWS configuration points at. Decisions go to stdout
 * as JSON lines; exit 0 when the handler succeeds, 2 with the error's message when it fails.
 */
import process from 'node:process';
import { iamClient, ssmClient } from '../src/aws/clients.ts';
import { configClient } from '../src/aws/config-client.ts';
import { main } from './invoke/main.ts';
import { runMain, stdio } from './operator/cli.ts';

runMain('invoke', () => main(process.argv.slice(2), process.env, { clients: () => ({ iam: iamClient(), config: configClient(), ssm: ssmClient() }), io: stdio }));
