import { describe, expect, it } from 'vitest';
import { auditPackage, REQUIRED_IN_ASAR, REQUIRED_UNPACKED } from '../../../build/pack-check.mjs';

describe('pack:check audit', () => {
  it('passes a package with the app’s files and nothing else', () => {
    expect(auditPackage([...REQUIRED_IN_ASAR, 'dist/renderer/assets/index-1.js', 'node_modules/exceljs/lib/exceljs.nodejs.js'], REQUIRED_UNPACKED)).toEqual([]);
  });

  it('names what is missing: main code, preload, renderer, the unpacked native module', () => {
    const problems = auditPackage(['package.json'], []);
    for (const f of ['dist/main/electron.cjs', 'dist/main/preload.cjs', 'dist/renderer/index.html', 'native/better_sqlite3.node']) {
      expect(problems.some((p) => p.includes(f)), f).toBe(true);
    }
  });

  it('refuses tests, fixtures, databases, sources and the renderer’s libraries', () => {
    const bad = [
      'tests/unit/people.test.js',
      'node_modules/pg/test/integration.js',
      'fixtures/roster.xlsx',
      'crewdesk.sqlite3',
      'dist/main/crewdesk.db-wal',
      'main/app.ts',
      'node_modules/antd/lib/index.js',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'dist/main/electron.cjs.map',
    ];
    const problems = auditPackage([...REQUIRED_IN_ASAR, ...bad], REQUIRED_UNPACKED);
    for (const f of bad) expect(problems.some((p) => p.endsWith(f)), f).toBe(true);
  });
});
