// Tiny DOM helpers: elements are built with properties and textContent only, so directory and chat
// data (names, message bodies) never become HTML.

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = String(value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value as EventListener);
    else if (key in node && typeof value !== 'string') (node as any)[key] = value;
    else node.setAttribute(key, String(value));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

/** Shows a message in the page's alert toast (fixed position: it never moves the layout). */
export function notify(message: string, ok = false): void {
  const notice = $('notice');
  notice.textContent = message;
  notice.className = ok ? 'notice ok' : 'notice';
  notice.hidden = !message;
  if (message && ok) setTimeout(() => { if (notice.textContent === message) notice.hidden = true; }, 4000);
}

export function setStatus(text: string): void {
  $('status').textContent = text;
}

/** Plain text of an html chat message body (parsed inertly, never inserted as HTML). */
export function textOf(body: { content?: string; contentType?: string } | undefined): string {
  if (!body?.content) return '';
  if (body.contentType !== 'html') return body.content;
  return new DOMParser().parseFromString(body.content, 'text/html').body.textContent ?? '';
}

export function time(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** ISO 8601 duration (PT1M5.2S) as m:ss. */
export function duration(iso: string | undefined): string {
  const m = /^P(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(iso ?? '');
  if (!m) return '';
  const total = Math.round((+(m[1] ?? 0)) * 3600 + (+(m[2] ?? 0)) * 60 + (+(m[3] ?? 0)));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
