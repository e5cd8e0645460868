import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MessageView, type MessageLine } from '../../src/web/common/MessageView';

const attack = '<img src=x onerror="window.__xss=1"><script>alert(1)</script>';

const line = (overrides: Partial<MessageLine>): MessageLine => ({
  id: 'm1',
  at: 0,
  side: 'other',
  author: 'Eve',
  text: '',
  attachments: [],
  ...overrides,
});

describe('user text is never injected as HTML', () => {
  it('renders markup in a message, and in the author name, as text', () => {
    const html = renderToStaticMarkup(<MessageView line={line({ text: attack, author: '<b onmouseover=alert(1)>Eve</b>' })} />);
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;&lt;script&gt;');
    expect(html).toContain('&lt;b onmouseover=alert(1)&gt;Eve&lt;/b&gt;');
    expect(html).not.toMatch(/<img|<script|<b /);
  });

  it('links only files this server stored: a javascript: or foreign URL renders as plain text', () => {
    const evil = [
      { name: 'click me', size: 1, mimeType: 'application/pdf', url: 'javascript:alert(1)' },
      { name: 'tracker', size: 1, mimeType: 'image/png', url: 'https://evil.example/x.png' },
    ];
    const html = renderToStaticMarkup(<MessageView line={line({ attachments: evil })} />);
    expect(html).not.toContain('href');
    expect(html).not.toContain('<img');
    const ours = renderToStaticMarkup(<MessageView line={line({ attachments: [{ name: 'a.png', size: 1, mimeType: 'image/png', url: '/uploads/abc_DEF-123' }] })} />);
    expect(ours).toContain('href="/uploads/abc_DEF-123"');
    expect(ours).toContain('rel="noopener noreferrer"');
  });

  it('the web app never sets HTML from strings', () => {
    const root = fileURLToPath(new URL('../../src/web', import.meta.url));
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    const offenders = files(root).filter((file) => /dangerouslySetInnerHTML|\.innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
