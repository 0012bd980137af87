/** A refusal a handler throws; the server turns it into a GeneralError body. */
export class NeonHttpError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, message: string, code = '') {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface GeneralErrorBody {
  code: string;
  message: string;
  request_id: string;
}

export function generalError(code: string, message: string, requestId: string): GeneralErrorBody {
  return { code, message, request_id: requestId };
}
