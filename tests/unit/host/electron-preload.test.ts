import { beforeAll, describe, expect, it, vi } from 'vitest';
import { electronMock } from '../../helpers/electron-mock';
import { callChannel, DESKTOP_CHANNELS, EVENT_CHANNEL } from '../../../main/electron/channels';

vi.mock('electron', async () => (await import('../../helpers/electron-mock')).electronMock);

let exposed: Record<string, unknown> = {};
beforeAll(async () => {
  await import('../../../main/electron/preload');
  expect(electronMock.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = electronMock.contextBridge.exposeInMainWorld.mock.calls[0]! as unknown as [string, Record<string, unknown>];
  expect(key).toBe('crewdesk');
  exposed = api;
});

describe('the preload', () => {
  it('exposes named functions only: never ipcRenderer, never an object that leads to it', () => {
    expect(Object.keys(exposed).sort()).toEqual(['call', 'onEvent', 'openFile', 'saveFile', 'setLanguage']);
    for (const [k, v] of Object.entries(exposed)) {
      expect(typeof v, k).toBe('function');
      expect(v).not.toBe(electronMock.ipcRenderer.invoke);
      expect(v).not.toBe(electronMock.ipcRenderer.send);
      expect(v).not.toBe(electronMock.ipcRenderer.on);
    }
    expect(Object.values(exposed)).not.toContain(electronMock.ipcRenderer);
  });

  it('onEvent() listens on the one event channel and hands the page only { seq, topic }, never the IPC event', () => {
    const api = exposed as { onEvent(l: (e: unknown) => void): () => void };
    electronMock.ipcRenderer.on.mockClear();
    const got: unknown[] = [];
    const off = api.onEvent((e) => got.push(e));
    expect(electronMock.ipcRenderer.on).toHaveBeenCalledTimes(1);
    const [channel, fn] = electronMock.ipcRenderer.on.mock.calls[0]! as unknown as [string, (ev: unknown, data: unknown) => void];
    expect(channel).toBe(EVENT_CHANNEL);
    const ipcEvent = { sender: { send: () => undefined }, ports: [] };
    fn(ipcEvent, { seq: 3, topic: 'data', extra: { secret: 1 } });
    expect(got).toEqual([{ seq: 3, topic: 'data' }]);
    off();
    expect(electronMock.ipcRenderer.removeListener).toHaveBeenCalledWith(EVENT_CHANNEL, fn);
  });

  it('call() invokes the call’s own channel; the page never picks a channel', async () => {
    const api = exposed as { call(n: string, i: unknown): Promise<unknown> };
    electronMock.ipcRenderer.invoke.mockClear();
    await api.call('people.list', { q: 'x' });
    expect(electronMock.ipcRenderer.invoke).toHaveBeenCalledWith(callChannel('people.list'), { q: 'x' });
    electronMock.ipcRenderer.invoke.mockClear();
    for (const bad of ['crewdesk:save-file', '../save-file', 'people.list:x', '', 'people', 'people.list\n']) {
      expect(await api.call(bad, {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    expect(electronMock.ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('a call with no handler in main becomes a typed error, not a thrown one', async () => {
    electronMock.ipcRenderer.invoke.mockRejectedValueOnce(new Error("No handler registered for 'crewdesk:call:nope.nope'"));
    expect(await (exposed as { call(n: string, i: unknown): Promise<unknown> }).call('nope.nope', {})).toMatchObject({ ok: false });
  });

  it('the dialog and language calls use their fixed channels', async () => {
    const api = exposed as {
      saveFile(r: unknown): Promise<unknown>;
      openFile(k: string): Promise<unknown>;
      setLanguage(l: string): Promise<unknown>;
    };
    electronMock.ipcRenderer.invoke.mockClear();
    const req = { kind: 'backup', defaultName: 'b.sqlite3', data: new Uint8Array([1]) };
    await api.saveFile(req);
    await api.openFile('restore');
    await api.setLanguage('en');
    expect(electronMock.ipcRenderer.invoke.mock.calls).toEqual([
      [DESKTOP_CHANNELS.saveFile, req],
      [DESKTOP_CHANNELS.openFile, { kind: 'restore' }],
      [DESKTOP_CHANNELS.setLanguage, 'en'],
    ]);
  });
});
