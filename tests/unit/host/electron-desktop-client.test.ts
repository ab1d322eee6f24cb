import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/errors';

/** The renderer's desktop helper over a fake preload bridge (the page side of the native dialogs). */
const bridge = {
  call: vi.fn(),
  saveFile: vi.fn(),
  openFile: vi.fn(),
  setLanguage: vi.fn(async () => ({ ok: true, value: null })),
};
(globalThis as unknown as { window: unknown }).window = { crewdesk: bridge };
// tests/ does not reference the renderer project, so the module is typed here by hand.
interface ClientModule {
  desktop: {
    available: boolean;
    saveFile(kind: string, name: string, data: Uint8Array | string): Promise<string | null>;
    openFile(kind: string): Promise<{ name: string; data: Uint8Array } | null>;
    setLanguage(locale: string): void;
  };
  call(name: string, input: unknown): Promise<unknown>;
}
const clientPath: string = '../../../renderer/src/api/client';
const { desktop, call } = (await import(/* @vite-ignore */ clientPath)) as ClientModule;

afterEach(() => vi.clearAllMocks());

describe('desktop helper in the renderer client', () => {
  it('knows it runs in the desktop app', () => {
    expect(desktop.available).toBe(true);
  });

  it('saveFile asks main for a save dialog and returns where the file went, or null when cancelled', async () => {
    bridge.saveFile.mockResolvedValueOnce({ ok: true, value: { path: '/home/me/工作量.xlsx' } });
    const data = new Uint8Array([1, 2, 3]);
    expect(await desktop.saveFile('export', '工作量.xlsx', data)).toBe('/home/me/工作量.xlsx');
    expect(bridge.saveFile).toHaveBeenCalledWith({ kind: 'export', defaultName: '工作量.xlsx', data });
    bridge.saveFile.mockResolvedValueOnce({ ok: true, value: null });
    expect(await desktop.saveFile('backup', 'b.sqlite3', 'x')).toBeNull();
  });

  it('a refused or failed dialog becomes an AppError with both languages', async () => {
    bridge.saveFile.mockResolvedValueOnce({ ok: false, error: { code: 'FORBIDDEN', message: { zh: '已拒绝', en: 'Refused' } } });
    const err = await desktop.saveFile('export', 'a.csv', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('FORBIDDEN');
  });

  it('openFile returns the picked file’s name and bytes', async () => {
    bridge.openFile.mockResolvedValueOnce({ ok: true, value: { name: 'roster.csv', data: new Uint8Array([65]) } });
    expect(await desktop.openFile('import')).toEqual({ name: 'roster.csv', data: new Uint8Array([65]) });
    expect(bridge.openFile).toHaveBeenCalledWith('import');
  });

  it('setLanguage tells main; contract calls go through the bridge’s call', async () => {
    desktop.setLanguage('en');
    expect(bridge.setLanguage).toHaveBeenCalledWith('en');
    bridge.call.mockResolvedValueOnce({ ok: true, value: { initialized: true } });
    expect(await call('workspace.status', {})).toEqual({ initialized: true });
    expect(bridge.call).toHaveBeenCalledWith('workspace.status', {});
  });
});
