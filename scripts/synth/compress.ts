/**
 * Compressed inline code. The three bundles (~50 KB of minified JavaScript) and the template do not
 * fit the 51,200 bytes of a `TemplateBody` together, and mfa-guard deploys without an S3 bucket; so
 * each `Code.ZipFile` holds a one-line loader around the bundle, Brotli-compressed and Base64-encoded.
 * The loader uses public Node.js APIs only (zlib, vm) and runs the bundle as the CommonJS module
 * `index.js` it would have been. `make synth` also writes each plain bundle to dist/functions/.
 */
import { brotliCompressSync, constants } from 'node:zlib';

/**
 * The loader for `code`: `label` names the function and where its plain source is, in a comment
 * that the Lambda console shows first.
 */
export function loader(code: string, label: string): string {
  const { before, after } = loaderAround(label);
  return `${before}${packed(code)}${after}`;
}

/** The bundle, Brotli-compressed (quality 11) and Base64-encoded: the `p` of the loader. */
export function packed(code: string): string {
  const quality = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: code.length };
  return brotliCompressSync(Buffer.from(code, 'utf8'), { params: quality }).toString('base64');
}

/** The loader's text before and after the packed bundle. */
export function loaderAround(label: string): { readonly before: string; readonly after: string } {
  const comment = `// ${label.replace(/[\r\n]/g, ' ')}: Brotli+Base64 so the template fits 51,200 bytes; unpacked and run as this module.`;
  const wrapper = '"(function(exports,require,module,__filename,__dirname){"+require("zlib").brotliDecompressSync(Buffer.from(p,"base64"))+"\\n})"';
  return { before: `${comment}\nconst p="`, after: `";\nrequire("vm").runInThisContext(${wrapper},{filename:__filename})(exports,require,module,__filename,__dirname);\n` };
}
