/** A lean HTTP client for latency samples: node:http with one kept-alive connection. */
import http from 'node:http';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Request sent to last body byte received, in ms. */
  ms: number;
}

export class Client {
  readonly base: URL;
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  readonly #headers: Record<string, string>;

  /** Requests are serialized on one kept-alive connection; `headers` go with every request. */
  constructor(base: URL, headers: Record<string, string> = {}) {
    this.base = base;
    this.#headers = headers;
  }

  /** `fresh`: on a connection of its own, so requests run at once instead of one after another. */
  request(path: string, init: { method?: string; headers?: Record<string, string>; fresh?: boolean } = {}, retried = false): Promise<Reply> {
    const url = new URL(path, this.base);
    return new Promise<Reply>((resolve, reject) => {
      const started = performance.now();
      const req = http.request(url, { method: init.method ?? 'GET', headers: { ...this.#headers, ...init.headers }, agent: init.fresh ? false : this.#agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }));
        res.on('error', reject);
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // The server may close a kept-alive connection just as it is reused (after a long
        // pause, e.g. seeding a large archive): that request never reached it, so send it again
        // once on a new connection (what Node's docs advise, checking req.reusedSocket).
        if (!retried && req.reusedSocket && error.code === 'ECONNRESET') resolve(this.request(path, init, true));
        else reject(error);
      });
      req.end();
    });
  }

  async json<T>(path: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<T> {
    const reply = await this.request(path, init);
    if (reply.status !== 200) throw new Error(`${init.method ?? 'GET'} ${path}: ${reply.status} ${reply.body.toString().slice(0, 500)}`);
    return JSON.parse(reply.body.toString()) as T;
  }

  close(): void {
    this.#agent.destroy();
  }
}
