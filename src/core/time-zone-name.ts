/**
 * Time-zone names as people know them today. Intl (V8 and ICU, through CLDR) resolves an IANA zone to CLDR's
 * canonical id, which for a few renamed places is the old spelling: `Asia/Kolkata` comes back as `Asia/Calcutta`,
 * `Europe/Kyiv` as `Europe/Kiev`. Browsers disagree (Firefox sends `Asia/Kolkata`, Chromium `Asia/Calcutta`), so a
 * page that showed the browser's name in one place and Intl's in another named one zone twice. Every name shown goes
 * through here instead. The list is CLDR's known differences from IANA's primary names (TC39 proposal-canonical-tz).
 */
const CURRENT_NAMES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

const remembered = new Map<string, string>();

/**
 * One spelling per zone: `asia/calcutta`, `Asia/Calcutta` and `Asia/Kolkata` all give `Asia/Kolkata`. A name the
 * runtime does not know is returned as given (callers check validity first).
 * @example canonicalTimeZone('Asia/Calcutta') // 'Asia/Kolkata'
 */
export function canonicalTimeZone(zone: string): string {
  let name = remembered.get(zone);
  if (name !== undefined) return name;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch (error) {
    // RangeError: not a zone this runtime knows. Nothing to canonicalise; the caller decides what to show.
    if (!(error instanceof RangeError)) throw error;
    return zone;
  }
  name = CURRENT_NAMES[resolved] ?? resolved;
  // Zone names are few; the cap only guards against a flood of distinct junk that happened to be valid.
  if (remembered.size < 1000) remembered.set(zone, name);
  return name;
}
