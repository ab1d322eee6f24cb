import { describe, expect, it, vi } from 'vitest';
import { electronMock, FakeBrowserWindow } from '../../helpers/electron-mock';

vi.mock('electron', async () => (await import('../../helpers/electron-mock')).electronMock);

describe('a packaged app started with CREWDESK_NATIVE_BINDING', () => {
  it('does not load the named module: it looks only for its own packaged copy', async () => {
    const saved = process.env.CREWDESK_NATIVE_BINDING;
    const proc = process as { resourcesPath?: string };
    const savedResources = proc.resourcesPath;
    // A file that does exist: were the variable honoured, start-up would try to load it.
    process.env.CREWDESK_NATIVE_BINDING = __filename;
    proc.resourcesPath = '/nonexistent/resources';
    electronMock.app.isPackaged = true;
    try {
      await import('../../../main/electron/main');
      electronMock.app.ready();
      await vi.waitFor(() => expect(electronMock.app.exit).toHaveBeenCalled(), { timeout: 5000 });
      const [, body] = electronMock.dialog.showErrorBox.mock.calls[0] as unknown as [string, string];
      expect(body).toMatch(/安装包缺少数据库组件/);
      expect(body).toMatch(/nonexistent\/resources/);
      expect(body).not.toMatch(/CREWDESK_NATIVE_BINDING/);
      expect(electronMock.app.exit).toHaveBeenCalledWith(1);
      expect(FakeBrowserWindow.instances).toHaveLength(0);
    } finally {
      electronMock.app.isPackaged = false;
      proc.resourcesPath = savedResources;
      if (saved === undefined) delete process.env.CREWDESK_NATIVE_BINDING;
      else process.env.CREWDESK_NATIVE_BINDING = saved;
    }
  });
});
