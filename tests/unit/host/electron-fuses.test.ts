import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FuseV1Options, FuseVersion } from '@electron/fuses';

const require_ = createRequire(import.meta.url);
const config = require_('../../../build/electron-builder.cjs') as {
  afterPack: (ctx: unknown) => Promise<void>;
  fuseConfig(): Record<string, unknown>;
  electronBinary(ctx: unknown): string;
};

describe('Electron fuses of the packaged app', () => {
  it('turn off run-as-node, NODE_OPTIONS and --inspect; turn on asar integrity and asar-only loading', () => {
    const fuses = config.fuseConfig();
    expect(fuses.version).toBe(FuseVersion.V1);
    expect(fuses[FuseV1Options.RunAsNode]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });

  it('are flipped by electron-builder after packing, in the binary of each platform', () => {
    expect(typeof config.afterPack).toBe('function');
    // The hook is part of the configuration electron-builder reads; the helpers are not (its schema check).
    expect(Object.keys(config)).toContain('afterPack');
    expect(Object.keys(config)).not.toContain('fuseConfig');
    const ctx = (platform: string) => ({ appOutDir: '/out', electronPlatformName: platform, packager: { appInfo: { productFilename: 'Crewdesk' }, executableName: 'crewdesk' } });
    expect(config.electronBinary(ctx('linux'))).toBe(join('/out', 'crewdesk'));
    expect(config.electronBinary(ctx('win32'))).toBe(join('/out', 'Crewdesk.exe'));
    expect(config.electronBinary(ctx('darwin'))).toBe(join('/out', 'Crewdesk.app'));
  });

  it('a binary without the fuse wire is an error, not a silently unfused package', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'fuses-'));
    writeFileSync(join(dir, 'crewdesk'), Buffer.from('not an electron binary'));
    const ctx = { appOutDir: dir, electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'Crewdesk' }, executableName: 'crewdesk' } };
    await expect(config.afterPack(ctx)).rejects.toThrow();
  });
});
