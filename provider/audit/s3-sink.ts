import type { S3Client } from "@aws-sdk/client-s3";
import { AuditSinkError } from "../errors/state-errors";
import { InvalidSettingError } from "../errors/input-errors";
import type { LineStore, SinkKind } from "./audit-sink";
import { ChainedSink } from "./chained-sink";
import { lineFileName } from "./local-dir-sink";
import { loadS3Sdk, type S3Sdk } from "./s3-sdk";

/** Where an `s3://` sink keeps its lines, and how to reach a non-AWS server. */
export interface S3Target {
  readonly bucket: string;
  /** The key prefix, without slashes at either end; "" for the bucket's root. */
  readonly prefix: string;
  /** A non-AWS endpoint, such as `http://127.0.0.1:7070`. @default AWS */
  readonly endpoint?: string;
  /** Address the bucket in the path rather than the host name (most non-AWS servers need it). */
  readonly pathStyle: boolean;
  /** @default AWS_REGION, AWS_DEFAULT_REGION, us-east-1 */
  readonly region?: string;
}

/**
 * The query keys an `s3://` location takes: the Pulumi DIY backend's (gocloud's), so that the
 * backend's URL with another path reads the same here. `s3ForcePathStyle` is their older name.
 */
const QUERY_KEYS = ["endpoint", "use_path_style", "s3ForcePathStyle", "region"] as const;

const EXAMPLE =
  "s3://bucket/prefix?endpoint=http://127.0.0.1:7070&use_path_style=true&region=us-east-1";

/**
 * Reads `s3://bucket/prefix?endpoint=...&use_path_style=true&region=...`, pure. Credentials
 * never appear in it: they come from the standard AWS environment (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), or else the SDK's default chain (a profile, an
 * instance role).
 *
 * @param source where the value came from, for messages (`cxone:audit`, `CXONE_AUDIT`)
 */
export function parseS3Location(location: string, source: string): S3Target {
  const refuse = (rule: string) => new InvalidSettingError(source, location, rule);
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw refuse(`is not a URL such as ${EXAMPLE}`);
  }
  if (url.protocol !== "s3:") throw refuse(`is not an s3:// URL, such as ${EXAMPLE}`);
  if (url.username !== "" || url.password !== "")
    throw refuse("must not carry credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
  if (url.hostname === "") throw refuse(`names no bucket; expected ${EXAMPLE}`);
  const unknown = [...url.searchParams.keys()].filter(
    (key) => !(QUERY_KEYS as readonly string[]).includes(key),
  );
  if (unknown.length > 0)
    throw refuse(`has the unknown option ${unknown[0]}; the options are ${QUERY_KEYS.join(", ")}`);
  const flag = (key: string): boolean | undefined => {
    const value = url.searchParams.get(key);
    if (value === null) return undefined;
    if (value !== "true" && value !== "false") throw refuse(`${key} must be true or false`);
    return value === "true";
  };
  const endpoint = url.searchParams.get("endpoint") ?? undefined;
  if (endpoint !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(endpoint);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !["http:", "https:"].includes(parsed.protocol))
      throw refuse(`endpoint must be an http or https URL, such as http://127.0.0.1:7070`);
    if (parsed.username !== "" || parsed.password !== "")
      throw refuse("endpoint must not carry credentials");
  }
  const region = url.searchParams.get("region") ?? undefined;
  return {
    bucket: url.hostname,
    prefix: decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, ""),
    pathStyle: flag("use_path_style") ?? flag("s3ForcePathStyle") ?? false,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(region === undefined ? {} : { region }),
  };
}

/** How often a writer refreshes the head hint: it is only where a new writer starts looking. */
const HINT_EVERY = 8;

const status = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const named = (error: unknown) => (error as { name?: string }).name;

/**
 * The lines of an `s3://` sink: an object per line at `<prefix>/lines/<seq>.json`, written with
 * `If-None-Match: *`, which S3 (and versitygw, MinIO) refuse with 412 when the key exists, so
 * two writers on any two machines cannot both take a number. `<prefix>/head` holds the hint.
 * The SDK is loaded on first use, so that directory sinks never pay for it.
 */
export class S3LineStore implements LineStore {
  private client: Promise<{ client: S3Client; sdk: S3Sdk }> | undefined;

  constructor(
    readonly location: string,
    private readonly target: S3Target,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async get(seq: number): Promise<string | undefined> {
    return this.getText(this.lineKey(seq), `line ${seq}`);
  }

  async create(seq: number, text: string): Promise<boolean> {
    const { client, sdk } = await this.connect();
    const key = this.lineKey(seq);
    try {
      await client.send(
        new sdk.PutObjectCommand({
          Bucket: this.target.bucket,
          Key: key,
          Body: `${text}\n`,
          ContentType: "application/json",
          IfNoneMatch: "*",
        }),
      );
      return true;
    } catch (error) {
      // 409: AWS's answer to two conditional writes of one key at the same moment.
      if (status(error) === 412 || status(error) === 409) return false;
      throw this.failed(`cannot write line ${seq} (${key})`, error);
    }
  }

  async headHint(): Promise<number> {
    const text = await this.getText(this.key("head"), "its head");
    const seq = Number(text?.trim());
    return Number.isSafeInteger(seq) && seq > 0 ? seq : 0;
  }

  async noteHead(seq: number): Promise<void> {
    if (seq % HINT_EVERY !== 0) return;
    const { client, sdk } = await this.connect();
    try {
      await client.send(
        new sdk.PutObjectCommand({
          Bucket: this.target.bucket,
          Key: this.key("head"),
          Body: `${seq}\n`,
        }),
      );
    } catch (error) {
      throw this.failed("cannot note its head", error);
    }
  }

  async *list(): AsyncIterable<number> {
    const { client, sdk } = await this.connect();
    const prefix = this.key("lines/");
    let token: string | undefined;
    do {
      let page;
      try {
        page = await client.send(
          new sdk.ListObjectsV2Command({
            Bucket: this.target.bucket,
            Prefix: prefix,
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
        );
      } catch (error) {
        throw this.failed("cannot list its lines", error);
      }
      for (const object of page.Contents ?? []) {
        const match = /^(\d{12})\.json$/.exec((object.Key ?? "").slice(prefix.length));
        if (match?.[1] !== undefined) yield Number(match[1]);
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  private key(name: string): string {
    return this.target.prefix === "" ? name : `${this.target.prefix}/${name}`;
  }

  private lineKey(seq: number): string {
    return this.key(`lines/${lineFileName(seq)}`);
  }

  private async getText(key: string, what: string): Promise<string | undefined> {
    const { client, sdk } = await this.connect();
    try {
      const object = await client.send(
        new sdk.GetObjectCommand({ Bucket: this.target.bucket, Key: key }),
      );
      return (await object.Body?.transformToString("utf8"))?.replace(/\n$/, "");
    } catch (error) {
      // A missing bucket is a sink that cannot be used, not an empty one.
      if (
        named(error) === "NoSuchKey" ||
        (status(error) === 404 && named(error) !== "NoSuchBucket")
      )
        return undefined;
      throw this.failed(`cannot read ${what} (${key})`, error);
    }
  }

  private connect(): Promise<{ client: S3Client; sdk: S3Sdk }> {
    // The SDK warns on Node 20 that its releases after early January 2027 need Node 22. This
    // package takes only releases that run on Node 20 (S3_SDK_RANGE), so the warning would only
    // add nine lines to every pulumi up of a team with an s3:// sink. Unless the user chose otherwise.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    // An optional peer dependency, loaded here on first use (see s3-sdk.ts).
    this.client ??= Promise.resolve().then(() => {
      const sdk = loadS3Sdk();
      const { endpoint, pathStyle, region } = this.target;
      const client = new sdk.S3Client({
        region: region ?? this.env.AWS_REGION ?? this.env.AWS_DEFAULT_REGION ?? "us-east-1",
        ...(endpoint === undefined ? {} : { endpoint }),
        forcePathStyle: pathStyle,
        ...(this.env.AWS_ACCESS_KEY_ID !== undefined && this.env.AWS_SECRET_ACCESS_KEY !== undefined
          ? {
              credentials: {
                accessKeyId: this.env.AWS_ACCESS_KEY_ID,
                secretAccessKey: this.env.AWS_SECRET_ACCESS_KEY,
                ...(this.env.AWS_SESSION_TOKEN === undefined
                  ? {}
                  : { sessionToken: this.env.AWS_SESSION_TOKEN }),
              },
            }
          : {}),
        // A sink that is away must not hold a deployment up: the line is spooled instead.
        maxAttempts: 2,
        requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
      });
      return { client, sdk };
    });
    return this.client;
  }

  private failed(what: string, error: unknown): AuditSinkError {
    const code = [named(error), status(error)].filter((x) => x !== undefined).join(" ");
    const message = error instanceof Error ? error.message : String(error);
    return new AuditSinkError(
      this.location,
      `${what}: ${code ? `${code}: ` : ""}${message}`,
      error,
    );
  }
}

/** An S3 bucket (or a prefix in it), on AWS or any S3-compatible server. */
export const s3SinkKind: SinkKind = {
  describe: "an S3 bucket",
  example: EXAMPLE,
  open(location, source, options) {
    return new ChainedSink(
      new S3LineStore(location, parseS3Location(location, source), options.env),
    );
  },
};
