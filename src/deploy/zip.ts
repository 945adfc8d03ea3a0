/**
 * Reads one file out of a zip archive (the deployment package Lambda's GetFunction links to), with
 * the central directory as the index: stored and deflated entries, no ZIP64, no encryption. The
 * inflater is passed in (node:zlib inflateRawSync), so this module stays free of I/O.
 *
 * @example
 * ```ts
 * const code = zip.entry(new Uint8Array(await response.arrayBuffer()), 'index.js', inflateRawSync);
 * ```
 */

/** A zip archive that cannot be read, and why. */
export class ZipError extends Error {
  override name = 'ZipError';
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The bytes of `name` in `archive`, or undefined when it holds no such entry. */
export function entry(archive: Uint8Array, name: string, inflateRaw: (data: Uint8Array) => Uint8Array): Uint8Array | undefined {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  // The end-of-central-directory record is in the last 22 + 65,535 (comment) bytes.
  let end = -1;
  for (let i = archive.length - 22; i >= Math.max(0, archive.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipError('not a zip archive: no end of central directory');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > archive.length || view.getUint32(at, true) !== CENTRAL) throw new ZipError(`central directory entry ${n} is damaged`);
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    const entryName = decoder.decode(archive.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
    if (entryName !== name) continue;
    if (view.getUint32(offset, true) !== LOCAL) throw new ZipError(`${name}: damaged local header`);
    const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    const data = archive.subarray(start, start + size);
    if (method === 0) return data;
    if (method === 8) return inflateRaw(data);
    throw new ZipError(`${name}: compression method ${method} is neither stored nor deflated`);
  }
  return undefined;
}
