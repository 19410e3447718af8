import { createRoot } from 'react-dom/client';
import { App } from './app';
import { startEarlyRequests } from './early';
import { getLocale, initDocumentLanguage, loadLocale } from './i18n';
import { installDiagnostics } from './live/diagnostics';
import './styles.css';

startEarlyRequests(location.pathname);
initDocumentLanguage();
installDiagnostics();
// The chosen language's messages first (English is fetched; Vietnamese is here), then the app.
void loadLocale(getLocale())
  .catch(() => undefined) // offline: Vietnamese, until the next load
  .finally(() => createRoot(document.getElementById('root')!).render(<App />));
