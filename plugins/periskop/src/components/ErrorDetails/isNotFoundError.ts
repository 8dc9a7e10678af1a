/**
 * Whether an API call failed because the thing asked for does not exist:
 * a `ResponseError` with status 404, or a deserialized `NotFoundError`.
 */
export function isNotFoundError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as {
    name?: string;
    statusCode?: number;
    response?: { status?: number };
    cause?: { name?: string };
  };
  return (
    e.statusCode === 404 ||
    e.response?.status === 404 ||
    e.name === 'NotFoundError' ||
    e.cause?.name === 'NotFoundError'
  );
}
