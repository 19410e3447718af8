import { createRoot } from 'react-dom/client';
import { App } from './app';
import { startEarlyRequests } from './early';
import { initDocumentLanguage } from './i18n';
import { installDiagnostics } from './live/diagnostics';
import './styles.css';

startEarlyRequests(location.pathname);
initDocumentLanguage();
installDiagnostics();
createRoot(document.getElementById('root')!).render(<App />);
