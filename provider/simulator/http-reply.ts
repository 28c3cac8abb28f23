/** An answer the simulator sends: status, JSON body and headers, or a raw body as it is. */
export class HttpReply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
    /** Sent instead of the JSON of `body`: for answers that are not JSON on purpose. */
    readonly rawBody?: string,
  ) {}

  /** An answer whose body is `text` exactly, such as a malformed JSON document. */
  static raw(status: number, text: string): HttpReply {
    return new HttpReply(status, undefined, {}, text);
  }
}
