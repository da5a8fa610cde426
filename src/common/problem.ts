/** One invalid field of a request, named by its path (`event.start`, `topics.2`). */
export interface FieldError {
  field: string;
  message: string;
}

const titles: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/**
 * The one error type of the Worker. Thrown anywhere, answered by `onError` as
 * `application/problem+json` (RFC 9457).
 *
 * @example throw new Problem(404, 'No report has the slug "x".')
 */
export class Problem extends Error {
  override name = 'Problem';
  readonly status: number;
  readonly errors: FieldError[];
  readonly headers: Record<string, string>;

  constructor(status: number, detail: string, errors: FieldError[] = [], headers: Record<string, string> = {}) {
    super(detail);
    this.status = status;
    this.errors = errors;
    this.headers = headers;
  }

  /** The problem document; `errors` names the fields at fault. */
  toJSON(instance?: string): Record<string, unknown> {
    const body: Record<string, unknown> = {
      type: 'about:blank',
      title: titles[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
    };
    if (instance) body.instance = instance;
    if (this.errors.length > 0) body.errors = this.errors;
    return body;
  }
}

/** Builds the problem+json response for `problem`. */
export function problemResponse(problem: Problem, instance?: string): Response {
  return new Response(JSON.stringify(problem.toJSON(instance)), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', 'x-content-type-options': 'nosniff', ...problem.headers },
  });
}
