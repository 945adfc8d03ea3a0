/**
 * `make invoke FN=<config-rule|remediate|enforce> EVENT=<file.json>`: runs one function locally on
 * an event file, with the Lambda's environment variables (POLICY_ARN, WHITELIST_PARAMETER,
 * CONFIG_RULE_NAME, MODE; to restore the policy also STACK_NAME, MFA_MAX_AGE_SECONDS, CONFIG_RULE_ARN
 * and AWS_REGION) and real SDK clients aimed wherever the standard AWS configuration points
 * (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL). The canonical policy document is the one in
 * cfn/mfa-guard.yml, as `make synth` embeds it. Each decision is printed as the Lambda logs it.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Config } from '../../src/aws/config.ts';
import type { Iam } from '../../src/aws/iam.ts';
import type * as ssmApi from '../../src/aws/ssm.ts';
import * as template from '../../src/cfn/template.ts';
import { evaluate } from '../../src/handlers/config-rule.ts';
import { canonical } from '../../src/handlers/canonical.ts';
import { assemble } from '../../src/handlers/deps.ts';
import { enforce, type EnforceOptions } from '../../src/handlers/enforce.ts';
import { documentNames, settings } from '../../src/handlers/environment.ts';
import { remediate } from '../../src/handlers/remediate.ts';
import type { Output } from '../operator/cli.ts';

/** The functions `make invoke` can run, by the name of their handler file. */
export const FUNCTIONS = ['config-rule', 'remediate', 'enforce'] as const;

/** One of FUNCTIONS. */
export type FunctionName = (typeof FUNCTIONS)[number];

/** A wrong FN or EVENT: says what was expected. */
export class InvokeError extends Error {
  override name = 'InvokeError';
}

/** What `main` runs with besides arguments and environment; tests pass in-memory clients. */
export interface InvokeDeps {
  readonly clients: () => { readonly iam: Iam; readonly config: Config; readonly ssm: ssmApi.Ssm };
  readonly io: Output;
  readonly now?: () => Date;
  readonly enforce?: EnforceOptions;
}

const TEMPLATE = 'cfn/mfa-guard.yml';

/**
 * Runs `FN` on the event in file `EVENT` (`argv` = [FN, EVENT]); returns 0, or throws the
 * handler's error (or an InvokeError / SettingsError before any AWS call).
 */
export async function main(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, deps: InvokeDeps): Promise<number> {
  const [fn = '', file = ''] = argv.map((a) => a.trim());
  if (!isFunction(fn)) throw new InvokeError(`FN must be one of ${FUNCTIONS.join(', ')}; got "${fn}"`);
  if (file === '') throw new InvokeError('EVENT=<file.json> is required: the event to run the function on (examples in fixtures/)');
  const event = await readEvent(file);
  const configured = settings(env);
  let decisions = 0;
  const handlerDeps = assemble({
    clients: deps.clients(),
    settings: configured,
    canonicalDocument: canonical(configured.policyArn, templateDocument, () => documentNames(env)),
    ...(deps.now && { now: deps.now }),
    log: (entry) => {
      decisions += 1;
      deps.io.out(`${JSON.stringify({ level: 'info', ...entry })}\n`);
    },
  });
  deps.io.err(`invoke: ${fn} on ${file} (MODE=${configured.mode}, POLICY_ARN=${configured.policyArn})\n`);
  switch (fn) {
    case 'config-rule':
      // A result token is good only for the invocation Config made: a local run checks, and records nothing.
      await evaluate(event, handlerDeps, { testMode: true });
      break;
    case 'remediate':
      await remediate(event, handlerDeps);
      break;
    case 'enforce':
      await enforce(event, handlerDeps, deps.enforce);
      break;
  }
  deps.io.err(`invoke: ${fn} done, ${decisions} decision(s) logged\n`);
  return 0;
}

function isFunction(name: string): name is FunctionName {
  return (FUNCTIONS as readonly string[]).includes(name);
}

async function readEvent(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new InvokeError(code === 'ENOENT' ? `EVENT file ${file} does not exist` : `EVENT file ${file} cannot be read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvokeError(`EVENT file ${file} is not JSON: ${(error as Error).message}`);
  }
}

function templateDocument(): unknown {
  const text = readFileSync(new URL(`../../${TEMPLATE}`, import.meta.url), 'utf8');
  return template.policyDocumentOf(template.parse(text, TEMPLATE), TEMPLATE);
}
