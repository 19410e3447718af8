import { createRoot } from 'react-dom/client';
import { App } from './app';
import { initDocumentLanguage } from './i18n';
import { installDiagnostics } from './meeting/diagnostics';
import './styles.css';

initDocumentLanguage();
installDiagnostics();
createRoot(document.getElementById('root')!).render(<App />);
