// Type of apple-touch-icon.png as the bundle imports it (wrangler.toml [[rules]]: Data).
declare const bytes: ArrayBuffer;
export default bytes;
