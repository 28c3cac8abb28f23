import type { ApiErrorDetails, FieldError } from "../errors/api-errors";
import type { PipelineResult } from "../http/send-with-retry";

const MAX_DETAIL = 300;

function fieldErrorsOf(body: unknown): FieldError[] {
  if (typeof body !== "object" || body === null) return [];
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e: unknown) => {
    if (typeof e !== "object" || e === null) return [];
    const { field, message } = e as { field?: unknown; message?: unknown };
    return typeof field === "string" && typeof message === "string" ? [{ field, message }] : [];
  });
}

function messageOf(body: unknown, raw: string): string {
  if (typeof body === "object" && body !== null) {
    const { message, error_description, error } = body as Record<string, unknown>;
    for (const candidate of [message, error_description, error]) {
      if (typeof candidate === "string" && candidate !== "") return candidate;
    }
  }
  const text = raw.trim();
  if (text === "") return "no details in the response";
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

/** The JSON value of a response body, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The details of a failed answer: status, request id, field errors and the server's message.
 * The error built from them redacts them (see `CxoneApiError`).
 */
export function errorDetailsFrom(
  method: string,
  path: string,
  result: PipelineResult,
): ApiErrorDetails {
  const body = parseJson(result.body);
  let detail = messageOf(body, result.body);
  if (result.status === 403) {
    const required =
      typeof body === "object" && body !== null
        ? (body as { required_scope?: unknown }).required_scope
        : undefined;
    const scope =
      typeof required === "string"
        ? required
        : method === "GET"
          ? "webchat:widgets:read"
          : "webchat:widgets:write";
    detail = `${detail}; the client probably lacks the scope ${scope}`;
  }
  return {
    method,
    path,
    status: result.status,
    statusText: result.statusText,
    requestId: result.requestId,
    fieldErrors: fieldErrorsOf(body),
    detail,
    attempts: result.attempts,
  };
}
