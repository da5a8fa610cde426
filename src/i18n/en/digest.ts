/** Strings of the digest (web page, JSON, text, email) and of the digest archive. */
export const digest = {};
