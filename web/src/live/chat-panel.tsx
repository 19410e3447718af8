/** The meeting's chat, and the technicians' back-channel for those who may use it (D15.2d). */
import { useEffect, useRef, useState } from 'react';
import type { ClientMessage } from '../../../shared/protocol';
import { t } from '../i18n';
import type { ChatMessage } from './meeting-controller';
import { timeOfDay } from './roster';

export type ChatChannel = ChatMessage['channel'];

export function ChatPanel({
  messages,
  selfId,
  technicianChat,
  channel,
  onChannel,
  send,
}: {
  messages: readonly ChatMessage[];
  selfId: string | null;
  technicianChat: boolean;
  channel: ChatChannel;
  onChannel(channel: ChatChannel): void;
  send(message: ClientMessage): boolean;
}) {
  const [text, setText] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const shown = messages.filter((m) => m.channel === (technicianChat ? channel : 'meeting'));
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [shown.length]);

  return (
    <section className="panel-section chat-panel" data-testid="chat-panel">
      {technicianChat && (
        <div className="segmented" role="tablist" aria-label={t('chat.channel')}>
          {(['meeting', 'technicians'] as const).map((c) => (
            <button key={c} type="button" role="tab" aria-selected={channel === c} className={channel === c ? 'on' : ''} onClick={() => onChannel(c)} data-testid="chat-channel" data-channel={c}>
              {t(`chat.channel.${c}`)}
            </button>
          ))}
        </div>
      )}
      <ol className="chat-messages" ref={list} aria-live="polite">
        {shown.length === 0 && <li className="muted small">{t('chat.empty')}</li>}
        {shown.map((m) => (
          <li key={m.id} className={m.from === selfId ? 'mine' : undefined} data-testid="chat-message" data-channel={m.channel} data-from={m.from}>
            <div className="small">
              <span className="strong">{m.fromName}</span> <span className="muted">{timeOfDay(m.at)}</span>
            </div>
            <div className="chat-text">{m.text}</div>
          </li>
        ))}
      </ol>
      <form
        className="chat-form"
        onSubmit={(e) => {
          e.preventDefault();
          const body = text.trim();
          if (!body) return;
          if (send({ type: 'chat', channel: technicianChat ? channel : 'meeting', text: body })) setText('');
        }}
      >
        <input
          value={text}
          maxLength={2000}
          onChange={(e) => setText(e.target.value)}
          placeholder={technicianChat && channel === 'technicians' ? t('chat.placeholderTechnicians') : t('chat.placeholder')}
          aria-label={t('chat.placeholder')}
          data-testid="chat-input"
        />
        <button type="submit" disabled={!text.trim()} data-testid="chat-send">
          {t('chat.send')}
        </button>
      </form>
    </section>
  );
}
