import { computed, ref } from 'vue';
import { messages, type MessageKey } from './messages';

export type Locale = 'zh' | 'en';
const KEY = 'yrd.console.locale';

/** Chinese by default (the measures' own language); the choice is kept in this browser. */
export const locale = ref<Locale>(localStorage.getItem(KEY) === 'en' ? 'en' : 'zh');

export function setLocale(value: Locale): void {
  locale.value = value;
  localStorage.setItem(KEY, value);
  document.documentElement.lang = value === 'zh' ? 'zh-CN' : 'en';
}
document.documentElement.lang = locale.value === 'zh' ? 'zh-CN' : 'en';

/** The message in the current language, `{name}` replaced by `params.name`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text: string = messages[locale.value][key] ?? messages.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Picks the API's text in the current language: `message`/`messageEn`, `name`/`nameEn`. */
export function pick(zh: string | undefined, en: string | undefined): string {
  return (locale.value === 'en' ? en || zh : zh || en) ?? '';
}

export const isEnglish = computed(() => locale.value === 'en');

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale.value === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

export function formatCny(value: number | undefined): string {
  if (value === undefined) return '';
  return new Intl.NumberFormat(locale.value === 'zh' ? 'zh-CN' : 'en-GB', { style: 'currency', currency: 'CNY', maximumFractionDigits: 2 }).format(value);
}
