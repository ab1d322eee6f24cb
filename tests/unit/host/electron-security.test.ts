import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { electronMock } from '../../helpers/electron-mock';

vi.mock('electron', async () => (await import('../../helpers/electron-mock')).electronMock);

const security = await import('../../../main/electron/security');
const { CONTENT_SECURITY_POLICY } = await import('../../../main/web/server');
const { appProtocolHandler, resolveAppFile, APP_SCHEME_PRIVILEGES } = await import('../../../main/electron/protocol');
const { menuTemplate, MENU_LABELS } = await import('../../../main/electron/menu');

describe('the Content-Security-Policy', () => {
  it('is the web host’s policy, reused, not a copy', () => {
    expect(security.CONTENT_SECURITY_POLICY).toBe(CONTENT_SECURITY_POLICY);
  });

  it('allows no inline or eval script and no remote origin', () => {
    const directives: Record<string, string[]> = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((d): [string, string[]] => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    for (const values of Object.values(directives)) {
      for (const v of values) {
        expect(v).not.toMatch(/^(https?:|wss?:|\*)|unsafe-eval|^'strict-dynamic'/);
      }
    }
    expect(directives['script-src']).not.toContain("'unsafe-inline'");
  });

  it('has no high or medium weakness by the CSP evaluator Electronegativity uses', () => {
    const csp = createRequire(import.meta.url)('@doyensec/csp-evaluator') as {
      CspParser: new (s: string) => { csp: unknown };
      CspEvaluator: new (c: unknown, v: unknown) => { evaluate(): { severity: number; directive: string }[] };
      Version: { CSP3: unknown };
      severities: Record<string, number>;
    };
    const findings = new csp.CspEvaluator(new csp.CspParser(CONTENT_SECURITY_POLICY).csp, csp.Version.CSP3).evaluate();
    const bad = findings.filter((f) => [csp.severities.HIGH, csp.severities.MEDIUM, csp.severities.SYNTAX].includes(f.severity));
    expect(bad).toEqual([]);
  });
});

describe('openExternal allow-list', () => {
  it('accepts only parsed http and https addresses', () => {
    for (const ok of ['https://www.example.com/', 'http://example.com/path?q=1#x', 'https://例子.中国/帮助']) {
      expect(security.isSafeExternalUrl(ok)).toBe(true);
    }
    for (const bad of [
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'smb://10.0.0.1/share',
      'ms-msdt:/id PCWDiagnostic',
      'app://crewdesk/index.html',
      'https://user:pass@example.com/',
      '//example.com',
      'example.com',
      '',
      ' ',
      'x'.repeat(3000),
      42,
      null,
      { href: 'https://example.com' },
    ]) {
      expect(security.isSafeExternalUrl(bad)).toBe(false);
    }
  });

  it('openIfSafe hands a safe address to the system browser and refuses the rest', () => {
    electronMock.shell.openExternal.mockClear();
    expect(security.openIfSafe('file:///etc/passwd')).toBe(false);
    expect(electronMock.shell.openExternal).not.toHaveBeenCalled();
    expect(security.openIfSafe('https://example.com/a b')).toBe(true);
    expect(electronMock.shell.openExternal).toHaveBeenCalledWith('https://example.com/a%20b');
  });
});

describe('IPC sender validation', () => {
  const main = { url: 'app://crewdesk/index.html#/projects', parent: null };
  it('trusts only the main frame of the app’s own page', () => {
    expect(security.isTrustedSender({ senderFrame: main, sender: { mainFrame: main } })).toBe(true);
  });
  it('refuses a destroyed frame, a subframe, another origin or a frame of another window', () => {
    expect(security.isTrustedSender({ senderFrame: null, sender: { mainFrame: main } })).toBe(false);
    const sub = { url: 'app://crewdesk/index.html', parent: main };
    expect(security.isTrustedSender({ senderFrame: sub, sender: { mainFrame: main } })).toBe(false);
    for (const url of ['https://evil.example/', 'file:///app/dist/renderer/index.html', 'app://evil/index.html', 'about:blank', 'devtools://devtools/x']) {
      const frame = { url, parent: null };
      expect(security.isTrustedSender({ senderFrame: frame, sender: { mainFrame: frame } })).toBe(false);
    }
    const other = { url: 'app://crewdesk/index.html', parent: null };
    expect(security.isTrustedSender({ senderFrame: other, sender: { mainFrame: main } })).toBe(false);
  });
});

describe('session rules', () => {
  it('denies every permission request and check, cancels network requests, adds the CSP header', () => {
    const s = electronMock.session.defaultSession;
    security.guardSession(s as never);
    const request = s.setPermissionRequestHandler.mock.calls[0]![0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen']) {
      const cb = vi.fn();
      request({}, p, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    const check = s.setPermissionCheckHandler.mock.calls[0]![0] as (...a: unknown[]) => boolean;
    expect(check({}, 'media', 'app://crewdesk')).toBe(false);

    const [filter, block] = s.webRequest.onBeforeRequest.mock.calls[0]! as [{ urls: string[] }, (d: unknown, cb: (r: unknown) => void) => void];
    expect(filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    const cb = vi.fn();
    block({ url: 'https://cdn.example/x.js' }, cb);
    expect(cb).toHaveBeenCalledWith({ cancel: true });

    const headers = s.webRequest.onHeadersReceived.mock.calls[0]![0] as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void;
    const hcb = vi.fn();
    headers({ responseHeaders: { 'X-A': ['1'] } }, hcb);
    expect(hcb.mock.calls[0]![0].responseHeaders).toEqual({ 'X-A': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('app:// protocol: the packaged renderer files and nothing else', () => {
  const root = mkdtempSync(join(tmpdir(), 'crewdesk-proto-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(root, '..', 'secret.txt'), 'secret');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is a standard, secure scheme', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true, bypassCSP: false } });
  });

  it('maps app://crewdesk/<path> inside the root and refuses everything else', () => {
    expect(resolveAppFile(root, 'app://crewdesk/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://crewdesk/assets/app.js?v=1#x')).toBe(join(root, 'assets', 'app.js'));
    // The URL parser already folds ../ (plain or %2e%2e) at the root: still inside.
    expect(resolveAppFile(root, 'app://crewdesk/../secret.txt')).toBe(join(root, 'secret.txt'));
    expect(resolveAppFile(root, 'app://crewdesk/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'));
    // An encoded slash survives parsing; decoding it must not climb out.
    expect(resolveAppFile(root, 'app://crewdesk/assets/%2e%2e%2f..%2fsecret.txt')).toBeNull();
    expect(resolveAppFile(root, 'app://crewdesk/%00')).toBeNull();
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'https://crewdesk/index.html')).toBeNull();
    expect(resolveAppFile(root, 'app://crewdesk/%E0%A4%A')).toBeNull();
  });

  it('answers with the file, its type and the CSP header', async () => {
    const handler = appProtocolHandler(root);
    const res = await handler(new Request('app://crewdesk/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toContain('<title>x</title>');
    expect((await handler(new Request('app://crewdesk/assets/app.js'))).headers.get('content-type')).toMatch(/javascript/);
    expect((await handler(new Request('app://crewdesk/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://crewdesk/%2e%2e/secret.txt'))).status).toBe(404);
    expect((await handler(new Request('app://crewdesk/assets/..%2f..%2fsecret.txt'))).status).toBe(403);
    expect((await handler(new Request('app://crewdesk/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

describe('application menu', () => {
  type Item = { label?: string; role?: string; accelerator?: string; submenu?: Item[]; type?: string };
  const flat = (items: Item[]): Item[] => items.flatMap((i) => [i, ...flat(i.submenu ?? [])]);
  const opts = { isPackaged: true, onAbout: vi.fn(), onOpenDataFolder: vi.fn() };

  it('is in Chinese and in English, every label translated', () => {
    const zh = flat(menuTemplate('zh-CN', { ...opts, isMac: false }) as Item[]);
    const en = flat(menuTemplate('en', { ...opts, isMac: false }) as Item[]);
    expect(zh.map((i) => i.type ?? i.role ?? '')).toEqual(en.map((i) => i.type ?? i.role ?? ''));
    expect(zh.filter((i) => i.label).map((i) => i.label)).toEqual(expect.arrayContaining(['文件', '编辑', '视图', '窗口', '帮助', '撤销', '复制', '粘贴']));
    expect(en.filter((i) => i.label).map((i) => i.label)).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Window', 'Help', 'Undo', 'Copy', 'Paste']));
    for (const item of zh.filter((i) => i.label)) expect(item.label).toMatch(/[\u4e00-\u9fff]/);
    expect(Object.keys(MENU_LABELS.en).sort()).toEqual(Object.keys(MENU_LABELS['zh-CN']).sort());
  });

  it('has the standard shortcuts on each platform', () => {
    const acc = (isMac: boolean) =>
      Object.fromEntries(flat(menuTemplate('zh-CN', { ...opts, isMac }) as Item[]).filter((i) => i.role).map((i) => [i.role, i.accelerator]));
    const win = acc(false);
    expect(win).toMatchObject({
      undo: 'CmdOrCtrl+Z',
      redo: 'Ctrl+Y',
      cut: 'CmdOrCtrl+X',
      copy: 'CmdOrCtrl+C',
      paste: 'CmdOrCtrl+V',
      selectAll: 'CmdOrCtrl+A',
      reload: 'CmdOrCtrl+R',
      resetZoom: 'CmdOrCtrl+0',
      zoomIn: 'CmdOrCtrl+=',
      zoomOut: 'CmdOrCtrl+-',
      togglefullscreen: 'F11',
      minimize: 'CmdOrCtrl+M',
      close: 'CmdOrCtrl+W',
      quit: 'CmdOrCtrl+Q',
    });
    const mac = acc(true);
    expect(mac).toMatchObject({ redo: 'Shift+Command+Z', togglefullscreen: 'Ctrl+Command+F', hide: 'Command+H', quit: 'CmdOrCtrl+Q' });
  });

  it('macOS gets the app menu; developer tools only in development', () => {
    const mac = menuTemplate('en', { ...opts, isMac: true }) as Item[];
    expect(mac[0]!.label).toBe('Crewdesk');
    const roles = (packaged: boolean) => flat(menuTemplate('en', { ...opts, isMac: false, isPackaged: packaged }) as Item[]).map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(false)).toContain('toggleDevTools');
  });
});
