import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setRequestLanguage } from '../api/client';
import { en } from './en';
import { zh, type MessageKey } from './zh';

// Chinese first; English on request, remembered in the browser.
export type Language = 'zh' | 'en';
const STORAGE_KEY = 'yixiang.language';
const dictionaries: Record<Language, Record<MessageKey, string>> = { zh, en };

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  /** The message in the current language, with {name} placeholders filled in. */
  t(key: MessageKey, values?: Record<string, string | number>): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => {
    const stored: Language = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
    // Before the first render: the pages' first requests already ask for the UI's language.
    setRequestLanguage(stored);
    return stored;
  });
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setRequestLanguage(next);
    setLanguageState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);
  const t = useCallback(
    (key: MessageKey, values: Record<string, string | number> = {}) =>
      dictionaries[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)),
    [language],
  );
  const value = useMemo(() => ({ language, setLanguage, t }), [language, setLanguage, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}

export type { MessageKey };
