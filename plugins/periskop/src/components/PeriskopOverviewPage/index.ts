export {
  PeriskopOverviewPage,
  PeriskopOverviewPageBody,
} from './PeriskopOverviewPage';
export { PeriskopOverviewContent } from './PeriskopOverviewContent';
