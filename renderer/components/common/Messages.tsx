// Dismissible error and info messages (session errors, bad files, Undo offers); the app keeps running underneath.
import { useStore } from '../../store';

export function Messages() {
  const messages = useStore((s) => s.messages);
  const dismiss = useStore((s) => s.dismiss);
  if (messages.length === 0) return null;
  return (
    <div className="messages" role="status">
      {messages.map((m) => (
        <div key={m.id} className={`message message-${m.kind}`} data-testid={`message.${m.kind}`} role={m.kind === 'error' ? 'alert' : undefined}>
          <span className="message-text">{m.text}</span>
          {m.action && (
            <button
              className="message-action"
              onClick={() => {
                dismiss(m.id);
                m.action!.run();
              }}
              data-testid={m.action.label === 'Undo' ? 'message.undo' : 'message.action'}
            >
              {m.action.label}
            </button>
          )}
          <button className="icon-button" onClick={() => dismiss(m.id)} aria-label="Dismiss" data-testid="message.dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
