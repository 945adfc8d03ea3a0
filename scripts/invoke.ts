/**
 * `make invoke FN=<config-rule|remediate|enforce> EVENT=<file.json>`: one function, run locally on an
 * event file against the account the standard AWS configuration points at. Decisions go to stdout
 * as JSON lines; exit 0 when the handler succeeds, 2 with the error's message when it fails.
 */
import process from 'node:process';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import * as cloudformation from '../src/aws/cloudformation.ts';
import { iamClient, OPTIONS, ssmClient } from '../src/aws/clients.ts';
import { configClient } from '../src/aws/config-client.ts';
import { main } from './invoke/main.ts';
import { runMain, stdio } from './operator/cli.ts';
import * as awsEnv from './aws-env.ts';
import * as usage from './usage.ts';

const decision = usage.decide('invoke', process.argv.slice(2), 2);
if (decision.kind === 'exit') process.exitCode = decision.code;
else {
  runMain('invoke', () => {
    awsEnv.prepare(process.env);
    const cfn = new CloudFormationClient(OPTIONS);
    return main(decision.positional, process.env, { clients: () => ({ iam: iamClient(), config: configClient(), ssm: ssmClient() }), describeStack: (name) => cloudformation.describeStack(cfn, name), io: stdio });
  });
}
