import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { synth } from '../../scripts/synth/synth.ts';
import * as template from '../../src/cfn/template.ts';
import { DeployError } from '../../src/deploy/errors.ts';
import { MAX_PARAMETER_VALUE, zipFileOf } from '../../src/deploy/code-parameters.ts';
import { byteSize, MAX_TEMPLATE_BODY } from '../../src/deploy/inline.ts';
import { rejectsAsync } from '../support/assert.ts';
import { loadCommonJs } from '../support/commonjs.ts';

const root = process.cwd();
const FUNCTIONS = ['ConfigRuleFunction', 'RemediateFunction', 'EnforceFunction'];

const repo = suite('synth of the repository');

let first: Awaited<ReturnType<typeof synth>>;
repo.before(async () => {
  first = await synth({ root });
});

repo('is deterministic: building twice gives the same bytes', async () => {
  const second = await synth({ root });
  assert.ok(first.home === second.home, 'dist/mfa-guard.yml differs between two builds');
  assert.ok(first.forwarder === second.forwarder, 'dist/iam-events.yml differs between two builds');
  assert.ok(first.monitoring === second.monitoring, 'dist/monitoring.yml differs between two builds');
  assert.ok(first.access === second.access, 'dist/org-access.yml differs between two builds');
  assert.equal(second.bundles, first.bundles);
});

repo('every template fits a TemplateBody', () => {
  assert.ok(byteSize(first.home) < MAX_TEMPLATE_BODY, `dist/mfa-guard.yml is ${byteSize(first.home)} bytes`);
  assert.ok(byteSize(first.forwarder) < MAX_TEMPLATE_BODY, `dist/iam-events.yml is ${byteSize(first.forwarder)} bytes`);
  assert.ok(byteSize(first.monitoring) < MAX_TEMPLATE_BODY, `dist/monitoring.yml is ${byteSize(first.monitoring)} bytes`);
  assert.ok(byteSize(first.access) < MAX_TEMPLATE_BODY, `dist/org-access.yml is ${byteSize(first.access)} bytes`);
});

repo('the deployable template is the hand-written one with only each function’s code replaced, and its code parameters declared', async () => {
  const { readFile } = await import('node:fs/promises');
  const source = template.parse(await readFile('cfn/mfa-guard.yml', 'utf8'), 'cfn/mfa-guard.yml');
  const built = template.parse(first.home, 'dist/mfa-guard.yml');
  const code = Object.keys(first.code);
  assert.ok(code.length >= 3 && code.every((name) => /^(ConfigRule|Remediate|Enforce)FunctionCode\d+$/.test(name)), code.join(', '));
  assert.ok(Object.values(first.code).every((value) => value.length <= MAX_PARAMETER_VALUE && /^[A-Za-z0-9+/=]+$/.test(value)));
  const withoutCode = (t: template.Template) =>
    JSON.parse(JSON.stringify(t, (key: string, value: unknown) => (key === 'Code' ? 'CODE' : key === 'Parameters' ? Object.fromEntries(Object.entries(value as object).filter(([k]) => !code.includes(k))) : value))) as unknown;
  assert.equal(withoutCode(built), withoutCode(source));
  const forwarder = template.parse(await readFile('cfn/iam-events.yml', 'utf8'), 'cfn/iam-events.yml');
  assert.equal(template.parse(first.forwarder, 'dist/iam-events.yml'), forwarder);
  const monitoring = template.parse(await readFile('cfn/monitoring.yml', 'utf8'), 'cfn/monitoring.yml');
  assert.equal(withoutCode(template.parse(first.monitoring, 'dist/monitoring.yml')), withoutCode(monitoring));
});

repo('each inlined function loads as index.js and exports its handler; its code is the plain bundle', () => {
  const built = template.parse(first.home, 'dist/mfa-guard.yml');
  const inlined = (id: string) => {
    const code = template.parse(first.monitoring, 'dist/monitoring.yml').Resources[id]?.Properties?.Code;
    const zipFile = typeof code === 'object' && code !== null && !Array.isArray(code) ? code.ZipFile : undefined;
    assert.type(zipFile, 'string', id);
    return String(zipFile);
  };
  for (const [id, zipFile] of [...FUNCTIONS.map((id) => [id, zipFileOf(built, id, first.code)] as const), ['NotifyFunction', inlined('NotifyFunction')] as const]) {
    const exported = loadCommonJs(zipFile, root);
    assert.type(exported.handler, 'function', id);
    assert.match(String(zipFile), `// mfa-guard ${id}, built by make synth from src/handlers/`);
  }
});

repo('only the enforcer embeds the canonical policy document', () => {
  assert.match(first.bundles.EnforceFunction ?? '', 'DenyDetachingThisPolicy');
  assert.not.match(first.bundles.EnforceFunction ?? '', 'MFA_GUARD_POLICY_DOCUMENT');
  assert.not.match(first.bundles.ConfigRuleFunction ?? '', 'DenyDetachingThisPolicy');
  assert.not.match(first.bundles.RemediateFunction ?? '', 'DenyDetachingThisPolicy');
  assert.not.match(first.bundles.NotifyFunction ?? '', 'DenyDetachingThisPolicy');
});

repo('only the enforcer carries the renderer: the other functions cannot render a policy document', () => {
  for (const id of ['ConfigRuleFunction', 'RemediateFunction', 'NotifyFunction']) assert.not.match(first.bundles[id] ?? '', 'is not resolved: no value given for it', id);
  assert.match(first.bundles.EnforceFunction ?? '', 'is not resolved: no value given for it');
});

repo('a function of the template without an entry point is an error naming it', async () => {
  const entries = [{ logicalId: 'EnforceFunction', file: 'src/handlers/enforce.ts', embedsPolicy: true }, { logicalId: 'NotifyFunction', file: 'src/handlers/notify.ts', embedsPolicy: false, template: 'monitoring' as const }];
  const error = await rejectsAsync(synth({ root, entries }), DeployError);
  assert.match(error.message, 'cfn/mfa-guard.yml: no bundle for function(s) ConfigRuleFunction, RemediateFunction');
});

repo.run();

const limits = suite('synth limits');

limits('a template over 51,200 bytes is refused with its size', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mfa-guard-synth-'));
  mkdirSync(join(dir, 'cfn'));
  const fn = '    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs24.x\n      Handler: index.handler\n      Code: { ZipFile: x }\n';
  const policy = "  Policy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: { Version: '2012-10-17', Statement: [] }\n";
  // The code goes to stack parameters: what can overflow is the template's own text.
  writeFileSync(join(dir, 'cfn/home.yml'), `Description: ${'x'.repeat(52_000)}\nResources:\n${policy}  Big:\n${fn}`);
  writeFileSync(join(dir, 'cfn/fwd.yml'), 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n');
  writeFileSync(join(dir, 'cfn/mon.yml'), 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n');
  writeFileSync(join(dir, 'cfn/access.yml'), 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n');
  writeFileSync(join(dir, 'big.ts'), 'export const handler = () => 1;\n');
  const entries = [{ logicalId: 'Big', file: 'big.ts', embedsPolicy: false }];
  const error = await rejectsAsync(synth({ root: dir, home: 'cfn/home.yml', forwarder: 'cfn/fwd.yml', monitoring: 'cfn/mon.yml', access: 'cfn/access.yml', entries }), DeployError);
  assert.match(error.message, /dist\/mfa-guard\.yml is \d+ bytes, over the 51200-byte limit of a TemplateBody/);
});

limits.run();
