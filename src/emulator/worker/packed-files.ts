/**
 * An app's files as one message to its device worker: the paths, and every file's bytes in one buffer. A hot reload
 * hands the worker the files it has just checked instead of having it read them back from the disk they are still
 * being written to. One buffer, because posting a Map of small Uint8Arrays would copy the whole pooled slab behind
 * each of them.
 */
export interface PackedFiles {
  paths: string[];
  /** Where each file ends in `bytes`. */
  ends: number[];
  bytes: Uint8Array;
}

export function packFiles(files: ReadonlyMap<string, Uint8Array>): PackedFiles {
  let size = 0;
  for (const data of files.values()) size += data.length;
  const bytes = new Uint8Array(size);
  const paths: string[] = [], ends: number[] = [];
  let at = 0;
  for (const [path, data] of files) {
    bytes.set(data, at);
    at += data.length;
    paths.push(path);
    ends.push(at);
  }
  return { paths, ends, bytes };
}

/** The files back as a Map of views on the one buffer (the worker owns its copy). */
export function unpackFiles(packed: PackedFiles): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let start = 0;
  packed.paths.forEach((path, i) => {
    out.set(path, packed.bytes.subarray(start, packed.ends[i]));
    start = packed.ends[i]!;
  });
  return out;
}
