import { useState } from 'react';
import { t } from '../i18n';

export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  if (!navigator.clipboard) return null; // only offered on secure origins
  const copy = async () => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <button type="button" className="secondary small" onClick={() => void copy()} data-testid={testId}>
      {copied ? t('common.copied') : t('common.copy')}
    </button>
  );
}
