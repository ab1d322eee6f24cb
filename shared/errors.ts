/**
 * Typed failures that cross the renderer/backend boundary. Every failed call
 * comes back as one of these codes with a message in both UI languages, so the
 * renderer never has to guess what went wrong.
 */
export const ERROR_CODES = ['VALIDATION', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'INTERNAL'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface LocalizedText {
  zh: string;
  en: string;
}

export interface ErrorIssue {
  path: string;
  message: string;
}

export interface AppErrorPayload {
  code: ErrorCode;
  message: LocalizedText;
  issues?: ErrorIssue[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly localized: LocalizedText;
  readonly issues: ErrorIssue[] | undefined;

  constructor(code: ErrorCode, message: LocalizedText, issues?: ErrorIssue[]) {
    super(message.en);
    this.name = 'AppError';
    this.code = code;
    this.localized = message;
    this.issues = issues;
  }

  toPayload(): AppErrorPayload {
    return this.issues ? { code: this.code, message: this.localized, issues: this.issues } : { code: this.code, message: this.localized };
  }

  static fromPayload(p: AppErrorPayload): AppError {
    return new AppError(p.code, p.message, p.issues);
  }
}

export const notFound = (what: LocalizedText): AppError =>
  new AppError('NOT_FOUND', { zh: `找不到${what.zh}`, en: `${what.en} not found` });

export const forbidden = (message: LocalizedText): AppError => new AppError('FORBIDDEN', message);

export const conflict = (message: LocalizedText): AppError => new AppError('CONFLICT', message);

export const invalid = (message: LocalizedText, issues?: ErrorIssue[]): AppError =>
  new AppError('VALIDATION', message, issues);

export function isAppErrorPayload(v: unknown): v is AppErrorPayload {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const m = o.message as Record<string, unknown> | undefined;
  return (
    typeof o.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(o.code) &&
    typeof m === 'object' &&
    m !== null &&
    typeof m.zh === 'string' &&
    typeof m.en === 'string'
  );
}
