import type { MenuItemConstructorOptions } from 'electron';
import type { MenuLocale } from './channels';

const zh = {
  app: '融媒项目台',
  file: '文件',
  edit: '编辑',
  view: '视图',
  window: '窗口',
  help: '帮助',
  about: '关于融媒项目台',
  hide: '隐藏融媒项目台',
  hideOthers: '隐藏其他',
  unhide: '全部显示',
  quit: '退出融媒项目台',
  close: '关闭窗口',
  undo: '撤销',
  redo: '重做',
  cut: '剪切',
  copy: '复制',
  paste: '粘贴',
  selectAll: '全选',
  reload: '重新加载',
  devTools: '开发者工具',
  resetZoom: '实际大小',
  zoomIn: '放大',
  zoomOut: '缩小',
  fullScreen: '切换全屏',
  minimize: '最小化',
  zoom: '缩放',
  front: '前置全部窗口',
  dataFolder: '打开数据文件夹',
};
const en: typeof zh = {
  app: 'Crewdesk',
  file: 'File',
  edit: 'Edit',
  view: 'View',
  window: 'Window',
  help: 'Help',
  about: 'About Crewdesk',
  hide: 'Hide Crewdesk',
  hideOthers: 'Hide Others',
  unhide: 'Show All',
  quit: 'Quit Crewdesk',
  close: 'Close Window',
  undo: 'Undo',
  redo: 'Redo',
  cut: 'Cut',
  copy: 'Copy',
  paste: 'Paste',
  selectAll: 'Select All',
  reload: 'Reload',
  devTools: 'Developer Tools',
  resetZoom: 'Actual Size',
  zoomIn: 'Zoom In',
  zoomOut: 'Zoom Out',
  fullScreen: 'Toggle Full Screen',
  minimize: 'Minimize',
  zoom: 'Zoom',
  front: 'Bring All to Front',
  dataFolder: 'Open Data Folder',
};
export const MENU_LABELS: Record<MenuLocale, typeof zh> = { 'zh-CN': zh, en };

export interface MenuOptions {
  isMac: boolean;
  /** Developer tools only in a development run. */
  isPackaged: boolean;
  onAbout: () => void;
  onOpenDataFolder: () => void;
}

/**
 * The application menu in Chinese or English, with the standard shortcuts of
 * each platform (roles do the work; the accelerators are spelled out so the
 * tests can see them).
 */
export function menuTemplate(locale: MenuLocale, opts: MenuOptions): MenuItemConstructorOptions[] {
  const t = MENU_LABELS[locale];
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const about: MenuItemConstructorOptions = { label: t.about, click: () => opts.onAbout() };
  const dataFolder: MenuItemConstructorOptions = { label: t.dataFolder, click: () => opts.onOpenDataFolder() };
  const quit: MenuItemConstructorOptions = { role: 'quit', label: t.quit, accelerator: 'CmdOrCtrl+Q' };

  const template: MenuItemConstructorOptions[] = [];
  if (opts.isMac) {
    template.push({
      label: t.app,
      submenu: [
        about,
        sep,
        { role: 'hide', label: t.hide, accelerator: 'Command+H' },
        { role: 'hideOthers', label: t.hideOthers, accelerator: 'Command+Alt+H' },
        { role: 'unhide', label: t.unhide },
        sep,
        quit,
      ],
    });
  }
  template.push({
    label: t.file,
    submenu: [dataFolder, sep, { role: 'close', label: t.close, accelerator: 'CmdOrCtrl+W' }, ...(opts.isMac ? [] : [sep, quit])],
  });
  template.push({
    label: t.edit,
    submenu: [
      { role: 'undo', label: t.undo, accelerator: 'CmdOrCtrl+Z' },
      { role: 'redo', label: t.redo, accelerator: opts.isMac ? 'Shift+Command+Z' : 'Ctrl+Y' },
      sep,
      { role: 'cut', label: t.cut, accelerator: 'CmdOrCtrl+X' },
      { role: 'copy', label: t.copy, accelerator: 'CmdOrCtrl+C' },
      { role: 'paste', label: t.paste, accelerator: 'CmdOrCtrl+V' },
      { role: 'selectAll', label: t.selectAll, accelerator: 'CmdOrCtrl+A' },
    ],
  });
  template.push({
    label: t.view,
    submenu: [
      { role: 'reload', label: t.reload, accelerator: 'CmdOrCtrl+R' },
      ...(opts.isPackaged
        ? []
        : [{ role: 'toggleDevTools', label: t.devTools, accelerator: opts.isMac ? 'Alt+Command+I' : 'Ctrl+Shift+I' } as const]),
      sep,
      { role: 'resetZoom', label: t.resetZoom, accelerator: 'CmdOrCtrl+0' },
      { role: 'zoomIn', label: t.zoomIn, accelerator: 'CmdOrCtrl+=' },
      { role: 'zoomOut', label: t.zoomOut, accelerator: 'CmdOrCtrl+-' },
      sep,
      { role: 'togglefullscreen', label: t.fullScreen, accelerator: opts.isMac ? 'Ctrl+Command+F' : 'F11' },
    ],
  });
  template.push({
    label: t.window,
    submenu: [
      { role: 'minimize', label: t.minimize, accelerator: 'CmdOrCtrl+M' },
      { role: 'zoom', label: t.zoom },
      ...(opts.isMac ? [sep, { role: 'front', label: t.front } as const] : []),
    ],
  });
  // On macOS "About" lives in the app menu.
  if (!opts.isMac) template.push({ label: t.help, role: 'help', submenu: [about] });
  return template;
}
