export interface EmbeddedPostgresServer {
  /** `postgres://postgres:<password>@127.0.0.1:<port>` (add `/<database>`; `postgres` exists). */
  url: string;
  port: number;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
}

export function startEmbeddedPostgres(options: { password: string }): Promise<EmbeddedPostgresServer>;
