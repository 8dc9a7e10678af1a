import {
  CsvRowError,
  DuplicateRowSkipped,
  UpstreamTimeoutError,
} from '../errors';
import type { DemoJobDefinition, JobRunContext } from '../types';
import { severityOf } from './middleware';

/**
 * The custom aggregation key of every rejected CSV row. The messages name
 * the row (`… row 1834: …`), and the two checks that reject a row throw
 * from different lines; without this key each throw site would be its own
 * group, and a supplier's bad file would split over them.
 */
export const CSV_ROW_AGGREGATION_KEY = 'nightly-import/csv-row-rejected';

// ---------------------------------------------------------------------------
// Application code of nightly-import.
// ---------------------------------------------------------------------------

interface Supplier {
  id: string;
  skuPrefix: string;
  feedUrl: string;
  products: string[];
}

const SUPPLIERS: Supplier[] = [
  {
    id: 'acme-tools',
    skuPrefix: 'ACM',
    feedUrl: 'https://api.acme-tools.example/v2/exports/products.csv',
    products: [
      'Cordless drill 18V',
      'Impact driver bit set 32 pcs',
      'Workbench clamp 300 mm',
      'Laser level 15 m',
    ],
  },
  {
    id: 'nordwind-textiles',
    skuPrefix: 'NWT',
    feedUrl: 'https://feeds.nordwind-textiles.example/shop/catalogue.csv',
    products: [
      'Linen duvet cover 155x220',
      'Merino throw blanket',
      'Waffle bath towel',
      'Organic cotton sheet set',
    ],
  },
  {
    id: 'globex-garden',
    skuPrefix: 'GLX',
    feedUrl: 'https://partner.globex-garden.example/export?format=csv',
    products: [
      'Raised garden bed 120 cm',
      'Drip irrigation kit',
      'Compost bin 300 l',
      'Pruning shears bypass',
    ],
  },
];

const COLUMNS = ['sku', 'title', 'price', 'currency', 'stock', 'ean'];

interface ProductRow {
  sku: string;
  title: string;
  priceMinor: number;
  currency: string;
  stock: number;
  ean: string;
}

/** Stands in for downloading a supplier's export with a deadline. */
export function fetchSupplierFeed(
  url: string,
  options: { deadlineMs: number; latencyMs: number },
): void {
  if (options.latencyMs > options.deadlineMs) {
    throw new UpstreamTimeoutError(
      `supplier-api GET ${url}`,
      options.deadlineMs,
      options.deadlineMs + 4,
    );
  }
}

/** Parses one line of a supplier's export (plain comma-separated, no quoting). */
export function parseProductRow(
  file: string,
  rowNumber: number,
  line: string,
): ProductRow {
  const cells = line.split(',');
  if (cells.length !== COLUMNS.length) {
    throw new CsvRowError(
      file,
      rowNumber,
      `expected ${COLUMNS.length} columns (${COLUMNS.join(',')}), got ${
        cells.length
      }`,
    );
  }
  const [sku, title, price, currency, stock, ean] = cells;
  if (!/^\d+\.\d{2}$/.test(price)) {
    throw new CsvRowError(
      file,
      rowNumber,
      `column "price" must be a decimal like 129.99 (got ${JSON.stringify(
        price,
      )})`,
    );
  }
  return {
    sku,
    title,
    priceMinor: Math.round(Number(price) * 100),
    currency,
    stock: Number(stock),
    ean,
  };
}

/** A SKU may occur once per file; later rows with it are skipped. */
export function checkUniqueSku(
  seen: Map<string, number>,
  row: ProductRow,
  rowNumber: number,
): void {
  const first = seen.get(row.sku);
  if (first !== undefined) {
    throw new DuplicateRowSkipped(
      `skipped duplicate SKU ${row.sku}: row ${rowNumber} repeats row ${first}`,
      row.sku,
    );
  }
  seen.set(row.sku, rowNumber);
}

/** Imports one row; what it throws is reported, and the import goes on. */
function importRow(
  context: JobRunContext,
  file: string,
  seen: Map<string, number>,
  row: { number: number; line: string },
): void {
  try {
    const product = parseProductRow(file, row.number, row.line);
    checkUniqueSku(seen, product, row.number);
  } catch (error) {
    context.report(error, {
      severity: severityOf(error),
      aggregationKey:
        error instanceof CsvRowError ? CSV_ROW_AGGREGATION_KEY : undefined,
    });
  }
}

// ---------------------------------------------------------------------------
// One run: only the rows worth reporting (and the rows they repeat) are
// generated; the thousands of good rows around them would report nothing.
// ---------------------------------------------------------------------------

interface PlannedFile {
  supplier: Supplier;
  file: string;
  rows: Array<{ number: number; line: string }>;
  /** Rows up to this number belong to the first half (the progress push). */
  half: number;
  /** The SKUs imported so far, with their row numbers. */
  seen: Map<string, number>;
}

function goodLine(context: JobRunContext, supplier: Supplier, sku: string) {
  const { random } = context;
  const price = `${random.int(3, 499)}.${String(random.int(0, 99)).padStart(
    2,
    '0',
  )}`;
  return [
    sku,
    random.pick(supplier.products),
    price,
    'EUR',
    String(random.int(0, 250)),
    `40${random.int(10_000_000, 99_999_999)}${random.int(100, 999)}`,
  ].join(',');
}

/** A line the way suppliers really break them. */
function badLine(context: JobRunContext, supplier: Supplier, sku: string) {
  const cells = goodLine(context, supplier, sku).split(',');
  switch (context.random.int(0, 2)) {
    case 0: // a decimal comma in an unquoted price: one column too many
      cells[2] = cells[2].replace('.', ',');
      break;
    case 1: // the line was cut off
      cells.length = context.random.int(2, 4);
      break;
    default: // "price on request"
      cells[2] = context.random.pick(['N/A', '', 'on request']);
  }
  return cells.join(',');
}

function planFile(context: JobRunContext, supplier: Supplier): PlannedFile {
  const { random } = context;
  const date = context.now().toISOString().slice(0, 10);
  const file = `${supplier.id}/products-${date}.csv`;
  const total = random.int(1200, 4800);
  const sku = () => `${supplier.skuPrefix}-${random.int(10_000, 99_999)}`;
  const rows: PlannedFile['rows'] = [];
  for (let i = random.int(1, 3); i > 0; i--) {
    rows.push({
      number: random.int(2, total),
      line: badLine(context, supplier, sku()),
    });
  }
  if (random.chance(0.3)) {
    const first = random.int(2, total - 1);
    const repeated = sku();
    rows.push({ number: first, line: goodLine(context, supplier, repeated) });
    rows.push({
      number: random.int(first + 1, total),
      line: goodLine(context, supplier, repeated),
    });
  }
  rows.sort((a, b) => a.number - b.number);
  return { supplier, file, rows, half: Math.floor(total / 2), seen: new Map() };
}

function importRows(
  context: JobRunContext,
  files: PlannedFile[],
  which: (row: { number: number }, planned: PlannedFile) => boolean,
): void {
  for (const planned of files) {
    for (const row of planned.rows.filter(r => which(r, planned))) {
      importRow(context, planned.file, planned.seen, row);
    }
  }
}

/**
 * Downloads every supplier's export, then imports the rows in two halves:
 * the job pushes after the first half (a progress push) and again at the
 * end, from the same collector.
 */
function planRun(context: JobRunContext): Array<() => void> {
  const files: PlannedFile[] = [];
  return [
    function downloadAndImportFirstHalf() {
      for (const supplier of SUPPLIERS) {
        try {
          fetchSupplierFeed(supplier.feedUrl, {
            deadlineMs: 30_000,
            latencyMs: context.random.chance(0.15)
              ? 30_000 + context.random.int(1, 20_000)
              : context.random.int(200, 9_000),
          });
        } catch (error) {
          // this supplier's products stay as they were until the next run
          context.report(error, { severity: severityOf(error) });
          continue;
        }
        files.push(planFile(context, supplier));
      }
      importRows(context, files, (row, planned) => row.number <= planned.half);
    },
    function importSecondHalf() {
      importRows(context, files, (row, planned) => row.number > planned.half);
    },
  ];
}

export const nightlyImport: DemoJobDefinition = {
  name: 'nightly-import',
  serviceName: 'nightly-import',
  description:
    "Imports the suppliers' product CSV files; a batch job that pushes its errors (new collector every run).",
  owner: 'team-content',
  firstRunAfterMs: 5_000,
  everyMs: 20_000,
  phaseGapMs: 5_000,
  errors: [
    {
      errorClass: 'CsvRowError',
      severity: 'error',
      description: `1-3 rejected rows per supplier file and run (column count, price), the row number in the message, all under the custom aggregation key "${CSV_ROW_AGGREGATION_KEY}"`,
    },
    {
      errorClass: 'UpstreamTimeoutError',
      severity: 'error',
      description:
        "a supplier's export API did not answer within 30 s (about one run in three); that supplier is skipped",
    },
    {
      errorClass: 'DuplicateRowSkipped',
      severity: 'warning',
      description:
        'a row repeats the SKU of an earlier row of the same file (in about half of the runs)',
    },
  ],
  planRun,
};
