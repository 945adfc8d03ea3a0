/**
 * One Lambda handler bundled with esbuild for inline deployment: CommonJS (`Code.ZipFile` becomes
 * `index.js`), minified, `@aws-sdk/*` left to the runtime, no source map or legal comments, so the
 * same sources always give the same bytes.
 */
import { build, type Message } from 'esbuild';
import { DeployError } from '../../src/deploy/errors.ts';

/** What to bundle. */
export interface BundleRequest {
  /** Absolute path or path relative to `root`. */
  readonly entry: string;
  readonly root: string;
  /** esbuild target, e.g. `node24`. */
  readonly target: string;
  /** Global identifiers replaced by a JSON value, e.g. `{ MFA_GUARD_POLICY_DOCUMENT: '"{...}"' }`. */
  readonly define: Readonly<Record<string, string>>;
}

/** Bundles; an esbuild error or warning throws a DeployError listing them with file:line:column. */
export async function bundle(request: BundleRequest): Promise<string> {
  let result;
  try {
    result = await build({
      absWorkingDir: request.root,
      entryPoints: [request.entry],
      bundle: true,
      minify: true,
      format: 'cjs',
      platform: 'node',
      target: request.target,
      external: ['@aws-sdk/*'],
      sourcemap: false,
      legalComments: 'none',
      charset: 'ascii',
      define: { ...request.define },
      write: false,
      logLevel: 'silent',
    });
  } catch (error) {
    const errors: unknown = typeof error === 'object' && error !== null && 'errors' in error ? error.errors : undefined;
    const detail = Array.isArray(errors) ? (errors as Message[]).map(format).join('\n') : String(error);
    throw new DeployError('synth', `${request.entry}: esbuild failed:\n${detail}`);
  }
  // A warning in a bundle that runs unattended (e.g. import.meta in CommonJS) is a bug to fix, not to ship.
  if (result.warnings.length > 0) throw new DeployError('synth', `${request.entry}: esbuild warnings:\n${result.warnings.map(format).join('\n')}`);
  const [output] = result.outputFiles;
  if (!output) throw new DeployError('synth', `${request.entry}: esbuild wrote nothing`);
  return output.text;
}

function format(message: Message): string {
  const at = message.location ? `${message.location.file}:${message.location.line}:${message.location.column}: ` : '';
  return `  ${at}${message.text}`;
}
