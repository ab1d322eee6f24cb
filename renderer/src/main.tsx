import { createRoot } from 'react-dom/client';
import { App } from './App';
import { desktop } from './api/client';
import { useLocaleStore } from './i18n';
import { mark, startBoot } from './shell/boot';
import { installPasteCleaner } from './shell/pasteClean';

// The initial chunk is evaluated: the boot call, the first screen's code and its read start now,
// together, before the first render (shell/boot.ts).
mark('script');
void startBoot();
createRoot(document.getElementById('root')!).render(<App />);
installPasteCleaner();

// The desktop app's native menus follow the chosen language.
desktop.setLanguage(useLocaleStore.getState().locale);
useLocaleStore.subscribe((s) => desktop.setLanguage(s.locale));
