/**
 * `make scp ROLES="arn:aws:iam::123456789012:role/deployer …" [STACK=mfa-guard] [CONFIG_RULE_ARN=…]`:
 * prints, offline, a Service Control Policy that denies every principal but those roles the changes
 * the MFA policy denies to the users it binds (src/core/scp.ts). Notes go to stderr, the JSON to stdout.
 */
import { readFileSync } from 'node:fs';
import process from 'node:process';
import * as template from '../src/cfn/template.ts';
import { renderScp, ScpError } from '../src/core/scp.ts';
import { DeployError } from '../src/deploy/errors.ts';
import * as settings from '../src/deploy/settings.ts';

const TEMPLATE = 'cfn/mfa-guard.yml';
/** AWS Organizations' limit on a policy document. */
const SCP_LIMIT = 5120;

function main(env: Readonly<Record<string, string | undefined>>): void {
  const home = template.parse(readFileSync(new URL(`../${TEMPLATE}`, import.meta.url), 'utf8'), TEMPLATE);
  const { stack } = settings.parse({ STACK: env.STACK });
  const configRuleArn = env.CONFIG_RULE_ARN?.trim() || undefined;
  const scp = renderScp(template.policyDocumentOf(home, TEMPLATE), {
    roles: (env.ROLES ?? '').split(/\s+/).filter(Boolean),
    stack,
    policyName: String(home.Parameters?.PolicyName?.Default),
    policyPath: String(home.Parameters?.PolicyPath?.Default),
    whitelistParameter: settings.names(stack).whitelistParameter,
    ...(configRuleArn !== undefined && { configRuleArn }),
  });
  const text = JSON.stringify(scp, null, 2);
  if (text.length > SCP_LIMIT) throw new ScpError(`the SCP has ${text.length} characters, more than AWS Organizations' ${SCP_LIMIT}: give fewer ROLES`);
  process.stdout.write(`${text}\n`);
  if (configRuleArn === undefined) {
    process.stderr.write('make scp: the Config rule is not covered: pass CONFIG_RULE_ARN (the ConfigRuleArn output `make deploy` prints).\n');
  }
}

try {
  main(process.env);
} catch (error) {
  if (!(error instanceof ScpError || error instanceof DeployError)) throw error;
  process.stderr.write(`make scp failed: ${error.message}\n`);
  process.exitCode = 1;
}
