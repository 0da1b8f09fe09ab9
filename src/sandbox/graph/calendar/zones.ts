/**
 * Windows time zone names, as Outlook writes `originalStartTimeZone` and accepts `timeZone` and
 * `Prefer: outlook.timezone`, mapped to IANA names by CLDR's windowsZones table (the "001" territory zone first,
 * then the other IANA names that map to it). Graph accepts IANA names too; the sandbox answers
 * `originalStartTimeZone` with the Windows name, as Outlook does, so a client must map it back.
 */
import { isValidZone } from '../../google/calendar/time.ts';

const WINDOWS_ZONES: Readonly<Record<string, readonly string[]>> = {
  'Dateline Standard Time': ['Etc/GMT+12'],
  'UTC-11': ['Etc/GMT+11', 'Pacific/Pago_Pago'],
  'Hawaiian Standard Time': ['Pacific/Honolulu'],
  'Alaskan Standard Time': ['America/Anchorage', 'America/Juneau'],
  'Pacific Standard Time': ['America/Los_Angeles', 'America/Vancouver'],
  'US Mountain Standard Time': ['America/Phoenix'],
  'Mountain Standard Time': ['America/Denver', 'America/Edmonton', 'America/Boise'],
  'Central America Standard Time': ['America/Guatemala', 'America/Costa_Rica'],
  'Central Standard Time': ['America/Chicago', 'America/Winnipeg'],
  'Central Standard Time (Mexico)': ['America/Mexico_City'],
  'Canada Central Standard Time': ['America/Regina'],
  'SA Pacific Standard Time': ['America/Bogota', 'America/Lima'],
  'Eastern Standard Time': ['America/New_York', 'America/Toronto', 'America/Detroit'],
  'US Eastern Standard Time': ['America/Indianapolis', 'America/Indiana/Indianapolis'],
  'Atlantic Standard Time': ['America/Halifax'],
  'Venezuela Standard Time': ['America/Caracas'],
  'Pacific SA Standard Time': ['America/Santiago'],
  'Newfoundland Standard Time': ['America/St_Johns'],
  'E. South America Standard Time': ['America/Sao_Paulo'],
  'Argentina Standard Time': ['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  UTC: ['Etc/UTC', 'UTC', 'Etc/GMT'],
  'GMT Standard Time': ['Europe/London', 'Europe/Dublin', 'Europe/Lisbon'],
  'Greenwich Standard Time': ['Atlantic/Reykjavik'],
  'W. Europe Standard Time': [
    'Europe/Berlin',
    'Europe/Amsterdam',
    'Europe/Rome',
    'Europe/Stockholm',
    'Europe/Vienna',
    'Europe/Zurich',
    'Europe/Oslo',
    'Europe/Luxembourg',
  ],
  'Central Europe Standard Time': ['Europe/Budapest', 'Europe/Prague', 'Europe/Belgrade', 'Europe/Bratislava'],
  'Romance Standard Time': ['Europe/Paris', 'Europe/Brussels', 'Europe/Copenhagen', 'Europe/Madrid'],
  'Central European Standard Time': ['Europe/Warsaw', 'Europe/Zagreb', 'Europe/Sarajevo', 'Europe/Skopje'],
  'W. Central Africa Standard Time': ['Africa/Lagos'],
  'GTB Standard Time': ['Europe/Bucharest', 'Europe/Athens'],
  'FLE Standard Time': [
    'Europe/Kiev',
    'Europe/Kyiv',
    'Europe/Helsinki',
    'Europe/Riga',
    'Europe/Sofia',
    'Europe/Tallinn',
    'Europe/Vilnius',
  ],
  'Israel Standard Time': ['Asia/Jerusalem'],
  'South Africa Standard Time': ['Africa/Johannesburg'],
  'Egypt Standard Time': ['Africa/Cairo'],
  'Turkey Standard Time': ['Europe/Istanbul'],
  'Russian Standard Time': ['Europe/Moscow'],
  'Arab Standard Time': ['Asia/Riyadh'],
  'Arabian Standard Time': ['Asia/Dubai'],
  'Iran Standard Time': ['Asia/Tehran'],
  'Pakistan Standard Time': ['Asia/Karachi'],
  'India Standard Time': ['Asia/Calcutta', 'Asia/Kolkata'],
  'Nepal Standard Time': ['Asia/Katmandu', 'Asia/Kathmandu'],
  'Bangladesh Standard Time': ['Asia/Dhaka'],
  'SE Asia Standard Time': ['Asia/Bangkok', 'Asia/Jakarta'],
  'China Standard Time': ['Asia/Shanghai', 'Asia/Hong_Kong'],
  'Singapore Standard Time': ['Asia/Singapore', 'Asia/Kuala_Lumpur'],
  'Taipei Standard Time': ['Asia/Taipei'],
  'Tokyo Standard Time': ['Asia/Tokyo'],
  'Korea Standard Time': ['Asia/Seoul'],
  'W. Australia Standard Time': ['Australia/Perth'],
  'Cen. Australia Standard Time': ['Australia/Adelaide'],
  'AUS Central Standard Time': ['Australia/Darwin'],
  'E. Australia Standard Time': ['Australia/Brisbane'],
  'AUS Eastern Standard Time': ['Australia/Sydney', 'Australia/Melbourne'],
  'Tasmania Standard Time': ['Australia/Hobart'],
  'New Zealand Standard Time': ['Pacific/Auckland'],
};

const WINDOWS_BY_IANA = new Map<string, string>();
const WINDOWS_BY_LOWER = new Map<string, string>();
for (const [windows, zones] of Object.entries(WINDOWS_ZONES)) {
  WINDOWS_BY_LOWER.set(windows.toLowerCase(), windows);
  for (const zone of zones) WINDOWS_BY_IANA.set(zone.toLowerCase(), windows);
}

/** A zone as Graph accepts it (a Windows or an IANA name), resolved to an IANA name; undefined when unknown. */
export function resolveZone(name: string): string | undefined {
  const windows = WINDOWS_BY_LOWER.get(name.trim().toLowerCase());
  if (windows) return WINDOWS_ZONES[windows]?.[0];
  return isValidZone(name.trim()) ? name.trim() : undefined;
}

/**
 * The Windows name Outlook would record for a zone (`originalStartTimeZone`); an IANA zone the table does not know
 * keeps its IANA name, which Graph also returns for zones set by IANA name.
 */
export function windowsZoneOf(name: string): string {
  const trimmed = name.trim();
  return WINDOWS_BY_LOWER.get(trimmed.toLowerCase()) ?? WINDOWS_BY_IANA.get(trimmed.toLowerCase()) ?? trimmed;
}
