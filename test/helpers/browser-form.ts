export interface FormInfo {
  action: string;
  inputs: { name: string; type: string; value: string }[];
  buttons: { name: string; value: string }[];
}

/** The first POST form of a page, read with patterns: the stand-in's pages are plain and known. */
export function findForm(html: string): FormInfo | undefined {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form || !/method\s*=\s*["']?post/i.test(form[1])) return undefined;
  const action = attr(form[1], 'action') ?? '';
  const inputs = [...form[2].matchAll(/<input\b([^>]*)>/gi)].flatMap((m) => {
    const name = attr(m[1], 'name');
    return name
      ? [{ name, type: (attr(m[1], 'type') ?? 'text').toLowerCase(), value: attr(m[1], 'value') ?? '' }]
      : [];
  });
  const buttons = [...form[2].matchAll(/<button\b([^>]*)>/gi)].flatMap((m) => {
    const name = attr(m[1], 'name');
    return name ? [{ name, value: attr(m[1], 'value') ?? '' }] : [];
  });
  return { action: decodeEntities(action), inputs, buttons };
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  if (!m) return undefined;
  return decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
