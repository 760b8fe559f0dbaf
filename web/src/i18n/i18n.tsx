import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { en } from './en.ts';
import { fr, type MessageKey } from './fr.ts';

export type Language = 'fr' | 'en';
const CATALOGUES: Record<Language, Record<MessageKey, string>> = { fr, en };
const LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  /** A date (and time) as people of the language write it, in Paris time. */
  date(iso: string | undefined | null, withTime?: boolean): string;
}

const Context = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => (localStorage.getItem('vigie.language') === 'en' ? 'en' : 'fr'));
  const value = useMemo<I18n>(() => {
    const setLanguage = (next: Language) => {
      localStorage.setItem('vigie.language', next);
      document.documentElement.lang = next;
      setLanguageState(next);
    };
    const t = (key: MessageKey, values: Record<string, string | number> = {}) =>
      CATALOGUES[language][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
    const date = (iso: string | undefined | null, withTime = false) => {
      if (!iso) return '—';
      const at = new Date(iso);
      if (Number.isNaN(at.getTime())) return iso;
      // A birth date is a day, not an instant: never shifted by the time zone.
      if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return at.toLocaleDateString(LOCALES[language], { timeZone: 'UTC' });
      return withTime
        ? at.toLocaleString(LOCALES[language], { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' })
        : at.toLocaleDateString(LOCALES[language], { timeZone: 'Europe/Paris' });
    };
    return { language, setLanguage, t, date };
  }, [language]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
