// `npm run check:security`: Electronegativity over main/, failing on any HIGH or
// MEDIUM finding (the scanner itself always exits 0, so its CSV is parsed here).
// Also: the app's CSP through the same CSP evaluator the scanner uses, and every
// `eng-disable` suppression in main/ must be one of the reviewed ones below.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const require = createRequire(import.meta.url);
const scanned = join(root, 'main');

/** Findings that are reminders to review, reviewed once and suppressed inline where they occur. */
export const REVIEWED = {
  PRELOAD_JS_CHECK: 'the preload exposes named functions only (tests/unit/host/electron-preload.test.ts)',
  OPEN_EXTERNAL_JS_CHECK: 'reached only past isSafeExternalUrl, parsed http/https (tests/unit/host/electron-security.test.ts)',
};

/** RFC-4180-ish CSV: quoted fields, doubled quotes, commas inside quotes. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field.trim()), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field.trim());
      if (row.some((f) => f !== '')) rows.push(row);
      (row = []), (field = '');
    } else field += c;
  }
  row.push(field.trim());
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

/** The findings of an Electronegativity CSV report as objects. */
export function findingsOf(csvText) {
  const [header, ...rows] = parseCsv(csvText);
  if (!header || header[0] !== 'issue') throw new Error('not an Electronegativity CSV report');
  const keys = header.map((h) => h.trim());
  return rows.map((r) => Object.fromEntries(keys.map((k, i) => [k, r[i] ?? ''])));
}

export const isBlocking = (f) => f.severity === 'HIGH' || f.severity === 'MEDIUM';

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every `eng-disable` comment in the scanned sources, with the checks it names. */
export function suppressions(dir) {
  const out = [];
  for (const file of walk(dir).filter((f) => /\.(ts|js|tsx|jsx|html)$/.test(f))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = /eng-disable[ \t]+([\w \t,]+)/i.exec(line);
        if (m) out.push({ file: relative(root, file), line: i + 1, fileWide: i === 0, checks: m[1].trim().split(/[\s,]+/) });
      });
  }
  return out;
}

async function cspFindings() {
  const bundled = await build({
    stdin: { contents: "export { CONTENT_SECURITY_POLICY } from './main/web/server';", resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const code = bundled.outputFiles[0].text;
  const { CONTENT_SECURITY_POLICY } = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  const csp = require('@doyensec/csp-evaluator');
  const evaluated = new csp.CspEvaluator(new csp.CspParser(CONTENT_SECURITY_POLICY).csp, csp.Version.CSP3).evaluate();
  return evaluated
    .filter((f) => f.severity === csp.severities.HIGH || f.severity === csp.severities.MEDIUM || f.severity === csp.severities.SYNTAX)
    .map((f) => `${f.directive}: ${f.description}`);
}

async function main() {
  const problems = [];
  for (const s of suppressions(scanned)) {
    const unreviewed = s.checks.filter((c) => !(c.toUpperCase() in REVIEWED));
    if (s.fileWide) problems.push(`${s.file}:${s.line}: a file-wide eng-disable is not allowed`);
    if (unreviewed.length) problems.push(`${s.file}:${s.line}: eng-disable of an unreviewed check: ${unreviewed.join(', ')}`);
    else console.log(`reviewed  ${s.checks.join(', ')} at ${s.file}:${s.line}`);
  }

  const dir = mkdtempSync(join(tmpdir(), 'crewdesk-eng-'));
  const report = join(dir, 'report.csv'); // a fresh file: the scanner does not truncate an existing one
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const t0 = Date.now();
  const run = spawnSync(
    process.execPath,
    [require.resolve('@doyensec/electronegativity/dist/index.js'), '-i', scanned, '-o', report, '-r', '-v', 'false', '-e', electronVersion],
    { encoding: 'utf8', timeout: 180_000 },
  );
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    throw new Error(`electronegativity exited with ${run.status ?? run.signal}`);
  }
  let findings;
  try {
    findings = findingsOf(readFileSync(report, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const f of findings) {
    const line = `${f.severity.padEnd(13)} ${f.issue} ${f.filename}:${f.location} ${f.description}`;
    if (isBlocking(f)) problems.push(line);
    else console.log(`ok        ${line}`);
  }
  console.log(`electronegativity (Electron ${electronVersion}) over main/: ${findings.length} finding(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  for (const c of await cspFindings()) problems.push(`CSP ${c}`);

  if (problems.length) {
    console.error(`check:security FAILED:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('check:security passed: no HIGH or MEDIUM finding, the CSP has no high or medium weakness.');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
