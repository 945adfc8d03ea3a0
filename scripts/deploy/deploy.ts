/**
 * `make deploy`: pre-flight (with the impact preview), home stack with the whitelist parameter
 * written once its change set is confirmed, the us-east-1 forwarder when the home region is
 * elsewhere, the monitoring stack, a first Config evaluation, and the outputs. Stops at the first
 * failure, having said what failed and why; a declined deploy changes nothing.
 */
import * as cloudformation from '../../src/aws/cloudformation.ts';
import * as configRecorders from '../../src/aws/config-recorders.ts';
import type { DeployAws } from '../../src/aws/deploy-clients.ts';
import { errorMessage, errorName } from '../../src/aws/errors.ts';
import * as template from '../../src/cfn/template.ts';
import { parsePolicyArn } from '../../src/core/names.ts';
import { DeclinedError, DeployError } from '../../src/deploy/errors.ts';
import * as inline from '../../src/deploy/inline.ts';
import * as preflight from '../../src/deploy/preflight.ts';
import * as settings from '../../src/deploy/settings.ts';
import { table } from '../../src/deploy/table.ts';
import * as ownership from '../../src/deploy/ownership.ts';
import { iamEventsRegion } from '../../src/deploy/trails.ts';
import type { Io, Pace } from './io.ts';
import * as checks from './checks.ts';
import { deployMonitoring } from './monitoring.ts';
import { deployStack } from './stack.ts';
import * as whitelist from './whitelist.ts';

/** What the deploy is given besides AWS: the settings, the region, and the files' contents. */
export interface DeployInput {
  readonly settings: settings.Settings;
  readonly region: string;
  readonly whitelist: { readonly text: string; readonly source: string };
  /** dist/mfa-guard.yml, dist/iam-events.yml and dist/monitoring.yml, as `make synth` wrote them. */
  readonly templates: { readonly home: string; readonly forwarder: string; readonly monitoring: string };
  /** The `mfa-guard:version` tag: package version and git commit. */
  readonly version: string;
  /** The home template's code parameters, dist/mfa-guard.code.json (src/deploy/code-parameters.ts). */
  readonly code?: Readonly<Record<string, string>>;
}

/** Runs the whole deploy; throws DeployError, DeclinedError or an AWS error, having changed nothing after the failed step. */
export async function deploy(aws: DeployAws, input: DeployInput, io: Io, pace: Pace): Promise<void> {
  const { region } = input;
  const { stack, mode } = input.settings;
  const names = settings.names(stack);
  const eventsRegion = iamEventsRegion(region);
  io.print(`mfa-guard deploy: stack ${stack} in ${region}, MODE=${mode}`);

  io.print('Pre-flight:');
  const checked = await checks.run(aws, {
    region,
    whitelistText: input.whitelist.text,
    whitelistSource: input.whitelist.source,
    mode,
    allowSelfLockout: input.settings.allowSelfLockout,
    profile: input.settings.profile,
    now: pace.now(),
    sleep: (ms) => pace.sleep(ms),
  });
  for (const line of preflight.report(checked.verdicts)) io.print(line);
  const failures = checked.verdicts.filter((v) => v.level === 'fail').length;
  const exemptions = checked.exemptions;
  if (failures > 0 || !exemptions) throw new DeployError('pre-flight', `${failures} check(s) failed; nothing was changed`);
  await assertStacksOurs(aws, stack, region, eventsRegion);
  if (checked.verdicts.some((v) => v.check === 'impact' && v.level === 'warn') && !(await io.confirm('Deploy MODE=enforce all the same (see impact above)?'))) {
    throw new DeclinedError('deploy');
  }

  const writeWhitelist = async () => {
    const written = await whitelist.write(aws.ssm, names.whitelistParameter, exemptions);
    io.print(`Whitelist: wrote ${names.whitelistParameter} (${exemptions.length} exempt, ${whitelist.describeWrite(written)}).`);
  };

  const homeTemplate = template.parse(input.templates.home, 'dist/mfa-guard.yml');
  const home = await deployStack(
    aws.cfn,
    {
      name: stack,
      templateBody: input.templates.home,
      parameters: {
        Mode: mode,
        WhitelistParameterName: names.whitelistParameter,
        ConfigRuleName: names.configRule,
        MfaMaxAgeSeconds: String(input.settings.mfaMaxAgeSeconds),
        ResourcePrefix: stack,
        // Unset: what the stack has now (an update never resets them to the template's defaults).
        EvaluationFrequency: input.settings.frequency,
        LogRetentionDays: input.settings.logRetention === undefined ? undefined : String(input.settings.logRetention),
        ...input.code,
      },
      capabilities: inline.capabilities(homeTemplate, 'dist/mfa-guard.yml'),
      role: 'home',
      version: input.version,
      beforeExecute: writeWhitelist,
    },
    io,
    pace,
  );
  const outputs = cloudformation.outputsOf(home.stack);

  let forwarderOutputs: Record<string, string> = {};
  if (region === eventsRegion) {
    io.print(`IAM events reach EventBridge in ${region} itself: no forwarder stack needed.`);
  } else {
    // The forwarder builds the policy ARN from its name and path (as it must under a StackSet): the home stack's own.
    const policy = parsePolicyArn(outputs.PolicyArn ?? '');
    if (!policy) throw new DeployError(`stack ${stack}`, 'has no PolicyArn output', 'The forwarder stack needs it: check cfn/mfa-guard.yml Outputs.');
    const forwarderTemplate = template.parse(input.templates.forwarder, 'dist/iam-events.yml');
    const forwarder = await deployStack(
      aws.cfnIn(eventsRegion),
      {
        name: names.forwarderStack,
        templateBody: input.templates.forwarder,
        parameters: { HomeStackName: stack, HomeRegion: region, PolicyName: policy.name, PolicyPath: policy.path },
        capabilities: inline.capabilities(forwarderTemplate, 'dist/iam-events.yml'),
        role: 'forwarder',
        version: input.version,
      },
      io,
      pace,
    );
    forwarderOutputs = cloudformation.outputsOf(forwarder.stack);
  }

  // Its own client: CloudFormation clients are per region, and this keeps each stack's calls apart.
  const monitoring = await deployMonitoring(aws.cfnIn(region), names, stack, home.stack, input.templates.monitoring, { NotifyNewUsers: input.settings.notifyNewUsers ? '1' : '0', AlertEmail: input.settings.alertEmail }, io, pace, input.version);
  if (input.settings.alertEmail) {
    io.print(`Alerts: SNS has sent ${input.settings.alertEmail} a confirmation e-mail; nothing is delivered there until the link in it is followed.`);
  }

  const rule = outputs.ConfigRuleName ?? names.configRule;
  try {
    await configRecorders.startEvaluation(aws.config, rule);
    io.print(`Started an evaluation of Config rule ${rule}; see it with: aws configservice get-compliance-details-by-config-rule --config-rule-name ${rule} --region ${region}`);
  } catch (error) {
    // The stacks are deployed; the hourly schedule evaluates anyway. Said, not hidden.
    io.print(`warning: could not start an evaluation of ${rule} (${errorName(error) ?? 'Error'}: ${errorMessage(error)}); it runs on its schedule anyway.`);
  }

  io.print('Outputs:');
  const rows = [
    ...Object.entries(outputs).map(([key, v]) => [`${stack}`, key, v]),
    ...Object.entries(forwarderOutputs).map(([key, v]) => [`${names.forwarderStack}`, key, v]),
    ...Object.entries(cloudformation.outputsOf(monitoring.stack)).map(([key, v]) => [`${names.monitoringStack}`, key, v]),
  ];
  for (const line of table(['Stack', 'Output', 'Value'], rows)) io.print(`  ${line}`);
}

/** Before anything changes: both stack names, where they exist, must be mfa-guard's stacks of that role. */
async function assertStacksOurs(aws: DeployAws, stack: string, region: string, eventsRegion: string): Promise<void> {
  const home = await cloudformation.describeStack(aws.cfn, stack);
  if (home) ownership.assertOurs(home, 'home');
  const monitoring = await cloudformation.describeStack(aws.cfnIn(region), settings.names(stack).monitoringStack);
  if (monitoring) ownership.assertOurs(monitoring, 'monitoring');
  if (region === eventsRegion) return;
  const forwarder = await cloudformation.describeStack(aws.cfnIn(eventsRegion), settings.names(stack).forwarderStack);
  if (forwarder) ownership.assertOurs(forwarder, 'forwarder');
}
