/** The environment a command runs with; passed in so tests never touch the real one. */
export type Env = Readonly<Record<string, string | undefined>>;
