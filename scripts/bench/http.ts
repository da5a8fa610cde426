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
  request(path: string, init: { method?: string; headers?: Record<string, string>; fresh?: boolean } = {}): Promise<Reply> {
    const url = new URL(path, this.base);
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = http.request(url, { method: init.method ?? 'GET', headers: { ...this.#headers, ...init.headers }, agent: init.fresh ? false : this.#agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }));
        res.on('error', reject);
      });
      req.on('error', reject);
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
