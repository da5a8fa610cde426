// Type of favicon.ico as the bundle imports it (wrangler.toml [[rules]]: Data).
declare const bytes: ArrayBuffer;
export default bytes;
