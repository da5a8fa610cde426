type HeraldEnv = import('../../src/common/config.ts').Env;

declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('../../src/index.ts');
  }
  interface Env extends HeraldEnv {
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}

declare module '*.md?raw' {
  const text: string;
  export default text;
}
