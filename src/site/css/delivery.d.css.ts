// Type of delivery.css as the bundle imports it (wrangler.toml [[rules]]: Text).
declare const text: string;
export default text;
