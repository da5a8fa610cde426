declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('../../src/index.ts');
  }
  interface Env extends import('../../src/config.ts').Env {}
}
