// The report page's event panel as a reader meets it: the event's panel is an element
// `.event-panel` that is or contains a <details>, the body of the report is `.report-body`;
// on a laptop (1280 px) the panel stands beside the body with its details showing, on a
// phone (390 px) it is a closed <details> before the body, which a tap opens.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const PANEL = '.event-panel';
export const BODY = '.report-body';

interface Layout {
  panel: { left: number; right: number; top: number; bottom: number } | null;
  body: { left: number; right: number; top: number; bottom: number } | null;
  /** The panel's <details> (the panel itself or the first inside it). */
  hasDetails: boolean;
  open: boolean;
  /** Something of the panel besides its <summary> is shown (the speakers, the institutions…). */
  contentShown: boolean;
  panelFirst: boolean;
}

export const measure = (page: Page) =>
  page.evaluate<Layout>(`(() => {
    const panel = document.querySelector(${JSON.stringify(PANEL)});
    const body = document.querySelector(${JSON.stringify(BODY)});
    const box = (e) => { if (!e) return null; const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top + scrollY, bottom: r.bottom + scrollY }; };
    const details = panel && (panel.localName === 'details' ? panel : panel.querySelector('details'));
    const shown = details ? [...details.children].filter((c) => c.localName !== 'summary').some((c) => c.checkVisibility() && c.getBoundingClientRect().height > 0) : false;
    return {
      panel: box(panel),
      body: box(body),
      hasDetails: Boolean(details),
      open: Boolean(details && details.open),
      contentShown: shown,
      panelFirst: Boolean(panel && body && panel.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING),
    };
  })()`);

/** At 1280 px: the panel stands beside the body, level with it, its details shown. */
export async function checkPanelBeside(page: Page, slug: string): Promise<void> {
  const layout = await measure(page);
  expect(layout.panel, `${slug}: no ${PANEL}`).not.toBeNull();
  expect(layout.body, `${slug}: no ${BODY}`).not.toBeNull();
  const { panel, body } = { panel: layout.panel!, body: layout.body! };
  // Beside: in a column of its own, left or right of the text, and level with it.
  expect(panel.left >= body.right - 1 || panel.right <= body.left + 1, `${slug}: panel ${JSON.stringify(panel)} overlaps the body's column ${JSON.stringify(body)}`).toBe(true);
  expect(panel.top < body.bottom && panel.bottom > body.top, `${slug}: panel ${JSON.stringify(panel)} is not level with the body ${JSON.stringify(body)}`).toBe(true);
  expect(layout.hasDetails, `${slug}: ${PANEL} has no <details>`).toBe(true);
  expect(layout.contentShown, `${slug}: the panel shows only its summary on a wide screen`).toBe(true);
  expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= innerWidth')).toBe(true);
}

/** At 390 px: a closed <details> before the body, short enough that the body starts on the first screen; a tap opens it. */
export async function checkPanelFolded(page: Page, slug: string): Promise<void> {
  const layout = await measure(page);
  expect(layout.panel, `${slug}: no ${PANEL}`).not.toBeNull();
  expect(layout.body, `${slug}: no ${BODY}`).not.toBeNull();
  expect(layout.hasDetails, `${slug}: ${PANEL} has no <details>`).toBe(true);
  expect(layout.open, `${slug}: the panel's <details> is open on a phone`).toBe(false);
  expect(layout.contentShown, `${slug}: the closed panel still shows its content`).toBe(false);
  expect(layout.panelFirst, `${slug}: the panel comes after the body in the document`).toBe(true);
  expect(layout.panel!.bottom <= layout.body!.top + 1, `${slug}: panel ${JSON.stringify(layout.panel)} is not above the body ${JSON.stringify(layout.body)}`).toBe(true);
  // Closed, it is short: the first sentence of the report is on the first screen.
  expect(layout.body!.top, `${slug}: the body starts below the first screen`).toBeLessThan(900);
  await page.click(`${PANEL} summary`);
  const opened = await measure(page);
  expect(opened.open && opened.contentShown, `${slug}: tapping the summary does not open the panel`).toBe(true);
  expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= innerWidth')).toBe(true);
}
