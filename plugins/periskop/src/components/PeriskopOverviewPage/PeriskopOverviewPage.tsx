import { Content, Header, Page } from '@backstage/core-components';
import { PeriskopOverviewContent } from './PeriskopOverviewContent';

/**
 * The org-wide errors overview: every entity Periskop scrapes, with its
 * open, new and regressed errors, occurrences and target health; filtered
 * by ownership, text and time window, all kept in the URL.
 */
export const PeriskopOverviewPage = () => (
  <Page themeId="tool">
    <Header
      title="Errors"
      subtitle="Open errors of every service that Periskop scrapes"
    />
    <Content>
      <PeriskopOverviewContent />
    </Content>
  </Page>
);

/**
 * The overview inside a page of the new frontend system, whose page layout
 * already renders the header (title and icon of the page extension).
 */
export const PeriskopOverviewPageBody = () => (
  <Content>
    <PeriskopOverviewContent />
  </Content>
);
