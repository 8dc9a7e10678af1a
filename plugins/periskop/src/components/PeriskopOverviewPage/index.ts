export {
  PeriskopOverviewPage,
  PeriskopOverviewPageBody,
  PeriskopOverviewContent,
} from './PeriskopOverviewPage';
