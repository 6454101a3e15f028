import { valueWords } from '../model/setting-sentences.js';

/**
 * A lead's attributes as fields people read: nested objects become one field per leaf
 * (`company.size` 200), lists are joined; never JSON like `{"size":200}` (issue 18).
 */
export function attributeFields(attributes: Record<string, unknown>, prefix = ''): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(attributes)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      fields.push(...attributeFields(value as Record<string, unknown>, name));
    } else fields.push([name, value === null || value === undefined || value === '' ? '—' : valueWords(value)]);
  }
  return fields;
}

/** A phone number as a `tel:` address: digits and a leading +, nothing a dialler chokes on. */
export function telHref(phone: string): string {
  const plus = phone.trim().startsWith('+') ? '+' : '';
  return `tel:${plus}${phone.replace(/[^\d]/g, '')}`;
}
