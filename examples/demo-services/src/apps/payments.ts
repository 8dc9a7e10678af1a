import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  CardNetworkError,
  IdempotentReplayNotice,
  PaymentDeclinedError,
  PaymentProviderError,
  ValidationError,
  WebhookSignatureError,
} from '../errors';
import type {
  DemoRequest,
  DemoScenario,
  DemoServiceDefinition,
  ScenarioContext,
} from '../types';
import { baseHeaders, handleRequest } from './middleware';

const ORIGIN = 'https://payments.shop.example';

/** A custom aggregation key, with `/`, spaces and `#` like real clients allow. */
export const WEBHOOK_SIGNATURE_AGGREGATION_KEY =
  'webhooks/acquirer signature mismatch #v1';

// ---------------------------------------------------------------------------
// Application code of payments.
// ---------------------------------------------------------------------------

interface ChargeRequest {
  amount: number;
  currency: string;
  source: string;
}

const DECLINE_CODES: Record<string, string> = {
  '05': 'do_not_honor',
  '51': 'insufficient_funds',
  '54': 'expired_card',
  '91': 'issuer_unavailable',
};

export function parseChargeRequest(raw: string): ChargeRequest {
  const body = JSON.parse(raw) as ChargeRequest;
  if (!Number.isInteger(body.amount) || body.amount <= 0) {
    throw new ValidationError(
      'amount',
      `amount must be a positive integer in minor units (got ${JSON.stringify(
        body.amount,
      )})`,
    );
  }
  if (!/^[A-Z]{3}$/.test(body.currency)) {
    throw new ValidationError(
      'currency',
      `currency must be an ISO 4217 code (got ${JSON.stringify(
        body.currency,
      )})`,
    );
  }
  return body;
}

/** The card network's answer, as the acquirer relays it. */
function sendAuthorisation(responseCode: string): void {
  throw new CardNetworkError(
    responseCode,
    `issuer declined authorisation: ${DECLINE_CODES[responseCode]} (${responseCode})`,
  );
}

function authoriseWithAcquirer(
  authorisationId: string,
  responseCode: string,
): void {
  try {
    sendAuthorisation(responseCode);
  } catch (error) {
    throw new PaymentProviderError(
      402,
      `acquirer-eu rejected authorisation ${authorisationId}`,
      { cause: error },
    );
  }
}

export function createCharge(
  charge: ChargeRequest,
  ids: { chargeId: string; authorisationId: string },
  responseCode: string,
): void {
  try {
    authoriseWithAcquirer(ids.authorisationId, responseCode);
  } catch (error) {
    throw new PaymentDeclinedError(
      ids.chargeId,
      `charge ${ids.chargeId} of ${formatAmount(
        charge.amount,
        charge.currency,
      )} declined`,
      { cause: error },
    );
  }
}

export function formatAmount(minorUnits: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', {
    style: 'currency',
    currency,
  }).format(minorUnits / 100);
}

export function verifyWebhookSignature(
  secret: string,
  body: string,
  signatureHeader: string,
): void {
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(
    signatureHeader.replace(/^.*v1=/, '').slice(0, 64),
    'hex',
  );
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new WebhookSignatureError(
      'webhook signature does not match the payload (was the signing secret rotated?)',
    );
  }
}

export function checkIdempotencyKey(key: string, storedChargeId: string): void {
  // Not a failure: the client retried; reported at severity info.
  throw new IdempotentReplayNotice(
    `request replayed with Idempotency-Key ${key}; returning the stored response of charge ${storedChargeId}`,
  );
}

// ---------------------------------------------------------------------------
// Scenarios.
// ---------------------------------------------------------------------------

function post(
  context: ScenarioContext,
  path: string,
  body: string,
  extra: Record<string, string> = {},
): DemoRequest {
  return {
    method: 'POST',
    url: `${ORIGIN}${path}`,
    headers: {
      ...baseHeaders(context),
      'Content-Type': 'application/json',
      // service-to-service credentials of the checkout
      Authorization: `Basic ${Buffer.from(
        `shop-checkout:${context.random.hex(24)}`,
      ).toString('base64')}`,
      ...extra,
    },
    body,
  };
}

function chargeBody(context: ScenarioContext, overrides: object = {}): string {
  return JSON.stringify({
    amount: context.random.int(199, 25000),
    currency: context.random.pick(['EUR', 'GBP', 'USD']),
    source: `tok_${context.random.hex(20)}`,
    ...overrides,
  });
}

const declined: DemoScenario = {
  id: 'payment-declined',
  errorClass: 'PaymentDeclinedError',
  severity: 'error',
  description:
    'POST /v1/charges declined: PaymentDeclinedError → PaymentProviderError → CardNetworkError (three-level cause chain)',
  meanIntervalMs: 8_000,
  run(context) {
    const code = context.random.pick(Object.keys(DECLINE_CODES));
    handleRequest(
      context,
      post(context, '/v1/charges', chargeBody(context), {
        'Idempotency-Key': context.random.uuid(),
      }),
      function postCharge(req) {
        const charge = parseChargeRequest(req.body ?? '');
        createCharge(
          charge,
          {
            chargeId: `ch_${context.random.hex(16)}`,
            authorisationId: `auth_${context.random.hex(12)}`,
          },
          code,
        );
      },
    );
  },
};

const invalidCurrencyInReceipt: DemoScenario = {
  id: 'receipt-invalid-currency',
  errorClass: 'RangeError',
  severity: 'error',
  description:
    'GET /v1/receipts/:id for a legacy order stored with currency "EURO": Intl.NumberFormat throws',
  meanIntervalMs: 30_000,
  run(context) {
    const receiptId = `rc_${context.random.hex(12)}`;
    handleRequest(
      context,
      {
        method: 'GET',
        url: `${ORIGIN}/v1/receipts/${receiptId}`,
        headers: {
          ...baseHeaders(context),
          Accept: 'text/html',
          Cookie: `shop_session=${context.random.hex(32)}`,
        },
        body: null,
      },
      function getReceipt() {
        formatAmount(context.random.int(100, 9999), 'EURO');
      },
    );
  },
};

const webhookSignature: DemoScenario = {
  id: 'webhook-signature',
  errorClass: 'WebhookSignatureError',
  severity: 'error',
  description: `POST /v1/webhooks/acquirer with a wrong signature; custom aggregation key "${WEBHOOK_SIGNATURE_AGGREGATION_KEY}"`,
  meanIntervalMs: 25_000,
  run(context) {
    const body = JSON.stringify({
      id: `evt_${context.random.hex(16)}`,
      type: context.random.pick(['charge.succeeded', 'charge.refunded']),
      created: Math.floor(context.now().getTime() / 1000),
    });
    const signature = `t=${Math.floor(
      context.now().getTime() / 1000,
    )},v1=${context.random.hex(64)}`;
    handleRequest(
      context,
      {
        method: 'POST',
        url: `${ORIGIN}/v1/webhooks/acquirer`,
        headers: {
          ...baseHeaders(context),
          'Content-Type': 'application/json',
          'Acquirer-Signature': signature,
        },
        body,
      },
      function postAcquirerWebhook(req) {
        verifyWebhookSignature(
          'whsec_demo',
          req.body ?? '',
          req.headers['Acquirer-Signature'],
        );
      },
      { aggregationKey: WEBHOOK_SIGNATURE_AGGREGATION_KEY },
    );
  },
};

const invalidCharge: DemoScenario = {
  id: 'invalid-charge',
  errorClass: 'ValidationError',
  severity: 'warning',
  description:
    'POST /v1/charges with a fractional/negative amount or a lowercase currency (warning; two throw sites, so two groups)',
  meanIntervalMs: 20_000,
  run(context) {
    const overrides = context.random.chance(0.6)
      ? { amount: context.random.pick([-100, 0, 12.5, 4999.99]) }
      : { currency: context.random.pick(['eur', 'euro', 'US$']) };
    handleRequest(
      context,
      post(context, '/v1/charges', chargeBody(context, overrides)),
      function postCharge(req) {
        parseChargeRequest(req.body ?? '');
      },
    );
  },
};

const idempotentReplay: DemoScenario = {
  id: 'idempotent-replay',
  errorClass: 'IdempotentReplayNotice',
  severity: 'info',
  description:
    'POST /v1/charges retried by a client with the same Idempotency-Key (info level)',
  meanIntervalMs: 40_000,
  run(context) {
    const key = context.random.uuid();
    handleRequest(
      context,
      post(context, '/v1/charges', chargeBody(context), {
        'Idempotency-Key': key,
      }),
      function postCharge() {
        checkIdempotencyKey(key, `ch_${context.random.hex(16)}`);
      },
    );
  },
};

export const payments: DemoServiceDefinition = {
  name: 'payments',
  serviceName: 'payments-api',
  description: 'Charges, refunds and acquirer webhooks (2 instances).',
  owner: 'team-payments',
  ports: [9121, 9122],
  scenarios: [
    declined,
    invalidCurrencyInReceipt,
    webhookSignature,
    invalidCharge,
    idempotentReplay,
  ],
};
