/** Exit codes of the CLI, as documented in `selfserve build --help`. */
export const EXIT = { ok: 0, contentErrors: 1, usage: 2, output: 3 } as const;
