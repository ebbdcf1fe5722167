// A titled panel card; `id` gives its test id (`panel.<id>`). And the placeholder a panel shows before a model.
import type { ReactNode } from 'react';

export function Panel({ id, title, area, actions, children }: { id: string; title: string; area: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className={`panel panel-${area}`} style={{ gridArea: area }} data-testid={`panel.${id}`} aria-label={title}>
      <header className="panel-head">
        <h2>{title}</h2>
        {actions && <div className="panel-actions">{actions}</div>}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}

/** What a panel shows until the session has said which model it holds. */
export function Starting() {
  return <p className="hint">Starting the session…</p>;
}
