import {
  Content,
  ContentHeader,
  Header,
  Page,
} from '@backstage/core-components';
import { PERISKOP_REGION_CLASS } from '../shared';
import { PeriskopOverviewContent } from './PeriskopOverviewContent';

const OVERVIEW_TITLE = 'Errors';
const OVERVIEW_SUBTITLE = 'Open errors of every service that Periskop scrapes';

/**
 * The org-wide errors overview: every entity Periskop scrapes, with its
 * open, new and regressed errors, occurrences and target health; filtered
 * by ownership, text and time window, all kept in the URL.
 */
export const PeriskopOverviewPage = () => (
  <Page themeId="tool">
    <Header title={OVERVIEW_TITLE} subtitle={OVERVIEW_SUBTITLE} />
    <Content className={PERISKOP_REGION_CLASS}>
      <PeriskopOverviewContent />
    </Content>
  </Page>
);

/**
 * The overview inside a page of the new frontend system. The app's page
 * layout renders the plugin header (the page extension's title and icon, as
 * the page's `h1`); below it, like the catalog's index page, comes the
 * page's own header with its title and what the page shows.
 */
export const PeriskopOverviewPageBody = () => (
  <Content className={PERISKOP_REGION_CLASS}>
    <ContentHeader
      title={`${OVERVIEW_TITLE} overview`}
      description={OVERVIEW_SUBTITLE}
    />
    <PeriskopOverviewContent />
  </Content>
);
