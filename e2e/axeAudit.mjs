/*
 * Accessibility audit for the browser tests: axe-core (WCAG 2.0 and 2.1,
 * levels A and AA) run in the page, its violations split into the plugin's
 * own and the app's. The plugin marks the root of each of its views (Errors
 * tab, details drawer, errors card, overview) with the class
 * `periskop-region` (PERISKOP_REGION_CLASS in the frontend plugin); a
 * violating element inside one of them is ours and fails the test, one
 * elsewhere belongs to Backstage's own page (header, tabs, sidebar, other
 * cards) and is only reported.
 */
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const axe = require('axe-core');

/** The rule sets audited: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Matches the root element of each of the plugin's views. */
export const PERISKOP_REGION = '.periskop-region';

/**
 * Runs axe-core on the page, or only inside the elements matching `within`
 * (a CSS selector), and returns its violations, one entry per violating
 * element, split into `ours` (inside a {@link PERISKOP_REGION}) and
 * `theirs` (everywhere else).
 */
export async function auditAccessibility(page, { within } = {}) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ content: axe.source });
  }
  return page.evaluate(
    async ({ tags, region, scope }) => {
      const results = await window.axe.run(
        scope ? { include: [[scope]] } : document,
        {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
          elementRef: true,
        },
      );
      const ours = [];
      const theirs = [];
      for (const rule of results.violations) {
        for (const node of rule.nodes) {
          const finding = {
            rule: rule.id,
            impact: node.impact ?? rule.impact,
            selector: node.target.join(' >>> '),
            help: rule.help,
            helpUrl: rule.helpUrl,
            summary: node.failureSummary,
            html: node.html.slice(0, 200),
          };
          (node.element?.closest(region) ? ours : theirs).push(finding);
        }
      }
      return { ours, theirs };
    },
    { tags: WCAG_TAGS, region: PERISKOP_REGION, scope: within },
  );
}

/** One line per violation, readable in a test failure. */
export function formatViolations(findings) {
  return findings
    .map(
      f =>
        `- ${f.rule} (${f.impact}) at ${f.selector}: ${f.help}\n    ${f.summary
          ?.split('\n')
          .join('\n    ')}\n    ${f.html}`,
    )
    .join('\n');
}

/** Counts per rule, e.g. `color-contrast ×5, region ×1`. */
export function countByRule(findings) {
  const counts = new Map();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return [...counts].map(([rule, n]) => `${rule} ×${n}`).join(', ') || 'none';
}

/**
 * Audits the page (or `within` it) and fails on any violation of ours,
 * listing rule, impact, selector and help for each. Backstage's own
 * violations are logged, not failed on. Expects at least one of the
 * plugin's regions on the page, so that a missing marker cannot make the
 * audit pass vacuously.
 */
export async function expectNoViolationsOfOurs(page, where, options = {}) {
  const scope = options.within
    ? `${options.within}${PERISKOP_REGION}, ${options.within} ${PERISKOP_REGION}`
    : PERISKOP_REGION;
  assert.ok(
    (await page.locator(scope).count()) > 0,
    `${where}: no element matches ${scope}; is the plugin's region marked?`,
  );
  const { ours, theirs } = await auditAccessibility(page, options);
  console.log(
    `[axe] ${where}: ours ${countByRule(ours)}; Backstage's ${countByRule(
      theirs,
    )}`,
  );
  if (theirs.length > 0) {
    console.log(
      `[axe] ${where}, Backstage's own (not failed on):\n${formatViolations(
        theirs,
      )}`,
    );
  }
  assert.equal(
    ours.length,
    0,
    `${where}: ${
      ours.length
    } accessibility violation(s) in the plugin (WCAG 2 A/AA):\n${formatViolations(
      ours,
    )}`,
  );
}
