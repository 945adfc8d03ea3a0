/** Runs inline Lambda code (`Code.ZipFile`, i.e. `index.js`) as the CommonJS module Lambda would load. */
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Evaluates `code` as a module at `<dir>/index.js` (so `require` resolves from `dir`) and returns its exports. */
export function loadCommonJs(code: string, dir: string): Record<string, unknown> {
  const filename = join(dir, 'index.js');
  const module = { exports: {} as Record<string, unknown> };
  new Function('exports', 'require', 'module', '__filename', '__dirname', code)(module.exports, createRequire(filename), module, filename, dir);
  return module.exports;
}
