import { createRoot } from 'react-dom/client';
import { App } from './App';
import { desktop } from './api/client';
import { useLocaleStore } from './i18n';
import { installPasteCleaner } from './shell/pasteClean';

createRoot(document.getElementById('root')!).render(<App />);
installPasteCleaner();

// The desktop app's native menus follow the chosen language.
desktop.setLanguage(useLocaleStore.getState().locale);
useLocaleStore.subscribe((s) => desktop.setLanguage(s.locale));
