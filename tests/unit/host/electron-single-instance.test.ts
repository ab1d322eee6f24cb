import { describe, expect, it, vi } from 'vitest';
import { electronMock, FakeBrowserWindow } from '../../helpers/electron-mock';

vi.mock('electron', async () => (await import('../../helpers/electron-mock')).electronMock);

describe('single instance', () => {
  it('a second copy quits at once, before opening a database or a window', async () => {
    electronMock.app.requestSingleInstanceLock.mockReturnValue(false);
    await import('../../../main/electron/main');
    electronMock.app.ready();
    await new Promise((r) => setTimeout(r, 50));
    expect(electronMock.app.quit).toHaveBeenCalledTimes(1);
    expect(electronMock.protocol.handle).not.toHaveBeenCalled();
    expect(electronMock.ipcMain.handle).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });
});
