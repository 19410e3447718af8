/** Unit tests switch languages synchronously (`setLocale('en')` then `t(…)`): English is loaded before them, as the app loads a stored choice before rendering. */
import { loadLocale } from './index';

await loadLocale('en');
