import { getSettings } from './store';

export interface Branding {
  name: string;
  subtitle: string;
  logo_url: string | null;
  default_language: string | null;
}

/** What the login page may show to anyone. */
export async function readBranding(): Promise<Branding> {
  const s = await getSettings();
  return {
    name: s.branding_name,
    subtitle: s.branding_subtitle,
    logo_url: s.branding_logo ? `/api/settings/branding/logo?v=${hashOf(s.branding_logo)}` : null,
    default_language: s.default_language,
  };
}

function hashOf(value: string): string {
  let h = 0;
  for (let i = 0; i < value.length; i += 97) h = (h * 31 + value.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36) + value.length.toString(36);
}
