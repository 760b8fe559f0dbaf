import { useEffect, useId, useRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import type { Loaded } from './load.ts';

/** A titled part of a page; its heading names the region for screen readers. */
export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="section">
      <header className="section-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** A message: `alert` interrupts a screen reader (errors), `status` waits its turn. */
export function Notice({ kind = 'info', children }: { kind?: 'info' | 'error' | 'success' | 'warning'; children: ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Field({ label, hint, ...input }: { label: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

export function TextArea({ label, ...area }: { label: string } & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} {...area} />
    </div>
  );
}

/** What a load shows while waiting or failing; its children once the data is there. */
export function LoadState<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (loaded.error) {
    return (
      <Notice kind="error">
        {loaded.error.message} <button onClick={loaded.reload}>{t('app.retry')}</button>
      </Notice>
    );
  }
  if (loaded.data === undefined) return <p aria-busy="true">{t('app.loading')}</p>;
  return <>{children(loaded.data)}</>;
}

/** A modal dialog (the platform's own: focus moves in, Escape closes, the page behind is inert). */
export function Dialog({ title, open, onClose, children }: { title: string; open: boolean; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={id} onClose={onClose} className="dialog">
      <h2 id={id}>{title}</h2>
      {open && children}
    </dialog>
  );
}

/** Failure text of an action, shown next to it. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
