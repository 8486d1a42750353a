/**
 * Takes `import()` out of app code before V8 compiles it (docs/security.md, "Dynamic import").
 *
 * An `import()` in a vm context always calls Node's own dynamic-import callback, host-realm JavaScript. Whatever it
 * rejects with reaches app code — and when app code has used up the stack just before calling `import()`, that is
 * a host-realm RangeError thrown by V8 inside Node's callback, whatever callback the script has. So no `import` that
 * could start an ImportCall (or `import.meta`) is left for V8 to see:
 *  - in a call in code, the keyword becomes `$mport` — the same length, so source maps keep their columns — a locked
 *    realm function that rejects with an app-realm error (framework/boundary.ts);
 *  - in strings, template literals, regular expressions and comments, and in `import.meta` (a SyntaxError in a script
 *    anyway), it becomes `imp\u006Frt`, which denotes the same text there (and is a SyntaxError in code, were the
 *    scanner below ever wrong about where it is).
 * Safety does not depend on the scanner: every candidate is rewritten one way or the other; only which way does.
 * A candidate is `import` not inside a longer identifier, not a property name after a single `.`, followed — after
 * any whitespace and comments — by `(` or `.`.
 */

const CANDIDATE = /(?<![\p{ID_Continue}$\\\u200c\u200d])import(?=(?:\s|\/\*[\s\S]*?\*\/|(?:\/\/|<!--|-->)[^\n\r\u2028\u2029]*)*[(.])/gu;

export const IMPORT_IN_CODE = '$mport';
const IMPORT_IN_TEXT = 'imp\\u006Frt';

/** The source with every `import()` / `import.meta` made harmless (the same string when there is none). */
export function neutralizeDynamicImport(source: string): string {
  if (!source.includes('import')) return source;
  const hits: number[] = [];
  for (const m of source.matchAll(CANDIDATE)) {
    const at = m.index!;
    if (source[at - 1] === '.' && source[at - 2] !== '.') continue; // `x.import(…)`: a method, not an ImportCall
    hits.push(at);
  }
  if (hits.length === 0) return source;
  const inCode = codePositions(source, hits);
  let out = '';
  let from = 0;
  for (const at of hits) {
    // `import.meta` is a SyntaxError in a script already: it stays one (the escaped spelling), as in text.
    const call = inCode.has(at) && /^import(?:\s|\/\*[\s\S]*?\*\/|(?:\/\/|<!--|-->)[^\n\r\u2028\u2029]*)*\(/u.test(source.slice(at, at + 4096));
    out += source.slice(from, at) + (call ? IMPORT_IN_CODE : IMPORT_IN_TEXT);
    from = at + 'import'.length;
  }
  return out + source.slice(from);
}

/** Words after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/**
 * Which of `positions` are in code (not in a string, template text, regular expression or comment), by one left-to-right
 * scan with the usual heuristic for `/` (a regular expression after an operator, `(`, `,`, `{`, `}`, `;`, a keyword
 * such as `return`, or at the start; a division after a name, a number, `)` or `]`).
 */
function codePositions(src: string, positions: number[]): Set<number> {
  const wanted = new Set(positions);
  const found = new Set<number>();
  const n = src.length;
  /** Brace depth at which each open template literal's `${` started. */
  const templates: number[] = [];
  let braces = 0;
  let regexAllowed = true;
  let i = 0;
  const isIdent = (c: string) => /[\p{ID_Continue}$\\\u200c\u200d]/u.test(c);
  const skipLine = () => { while (i < n && !'\n\r\u2028\u2029'.includes(src[i])) i++; };
  const skipQuoted = (quote: string) => {
    for (i++; i < n && src[i] !== quote; i++) if (src[i] === '\\') i++; else if (src[i] === '\n') break;
    i++;
  };
  /** Template text from i (just after ` or }); stops after the closing ` or at a `${`. */
  const skipTemplateText = () => {
    for (; i < n; i++) {
      if (src[i] === '\\') { i++; continue; }
      if (src[i] === '`') { i++; return; }
      if (src[i] === '$' && src[i + 1] === '{') { i += 2; templates.push(braces); braces++; regexAllowed = true; return; }
    }
  };
  const skipRegex = () => {
    let inClass = false;
    for (i++; i < n; i++) {
      const c = src[i];
      if (c === '\\') { i++; continue; }
      if (c === '\n' || c === '\r') break;
      if (inClass) { if (c === ']') inClass = false; } else if (c === '[') inClass = true; else if (c === '/') { i++; break; }
    }
    while (i < n && isIdent(src[i])) i++;
  };
  while (i < n) {
    const c = src[i];
    if (wanted.has(i)) found.add(i);
    if (c === '/' && src[i + 1] === '/') { skipLine(); continue; }
    if (c === '/' && src[i + 1] === '*') { const end = src.indexOf('*/', i + 2); i = end < 0 ? n : end + 2; continue; }
    if (c === '<' && src.startsWith('<!--', i)) { skipLine(); continue; }
    if (c === '\'' || c === '"') { skipQuoted(c); regexAllowed = false; continue; }
    if (c === '`') { i++; skipTemplateText(); regexAllowed = false; continue; }
    if (c === '/') {
      if (regexAllowed) { skipRegex(); regexAllowed = false; } else { i++; regexAllowed = true; }
      continue;
    }
    if (/\s/.test(c)) { i++; continue; }
    if (isIdent(c)) {
      const start = i;
      while (i < n && isIdent(src[i])) i++;
      const word = src.slice(start, i);
      regexAllowed = REGEX_AFTER_WORDS.has(word);
      continue;
    }
    if (c === '{') { braces++; regexAllowed = true; i++; continue; }
    if (c === '}') {
      if (templates.length && templates[templates.length - 1] === braces - 1) { templates.pop(); braces--; i++; skipTemplateText(); regexAllowed = false; continue; }
      braces--; regexAllowed = true; i++; continue;
    }
    if (c === '-' && src.startsWith('-->', i) && /(^|[\n\r\u2028\u2029])[ \t]*$/.test(src.slice(Math.max(0, i - 200), i))) { skipLine(); continue; }
    regexAllowed = c !== ')' && c !== ']';
    i++;
  }
  return found;
}
