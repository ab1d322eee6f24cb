import { describe, expect, it, vi } from 'vitest';
import { electronMock, FakeBrowserWindow } from '../../helpers/electron-mock';

vi.mock('electron', async () => (await import('../../helpers/electron-mock')).electronMock);

describe('start-up without a usable database module', () => {
  it('says why in Chinese and English and quits, opening no window', async () => {
    const saved = process.env.CREWDESK_NATIVE_BINDING;
    process.env.CREWDESK_NATIVE_BINDING = '/nonexistent/better_sqlite3.node';
    try {
      await import('../../../main/electron/main');
      electronMock.app.ready();
      for (let i = 0; i < 100 && electronMock.app.exit.mock.calls.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(electronMock.dialog.showErrorBox).toHaveBeenCalledTimes(1);
      const [title, body] = electronMock.dialog.showErrorBox.mock.calls[0] as unknown as [string, string];
      expect(title).toBe('融媒项目台无法启动 / Crewdesk cannot start');
      expect(body).toMatch(/CREWDESK_NATIVE_BINDING 指向的文件不存在/);
      expect(body).toMatch(/CREWDESK_NATIVE_BINDING names a file that does not exist/);
      expect(electronMock.app.exit).toHaveBeenCalledWith(1);
      expect(electronMock.ipcMain.handle).not.toHaveBeenCalled();
      expect(FakeBrowserWindow.instances).toHaveLength(0);
    } finally {
      if (saved === undefined) delete process.env.CREWDESK_NATIVE_BINDING;
      else process.env.CREWDESK_NATIVE_BINDING = saved;
    }
  });
});
