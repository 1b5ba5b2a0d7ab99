/** A configuration value that cannot be used; the message names the variable and what is expected. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
    got: string | undefined,
  ) {
    super(`Invalid configuration: ${variable} ${expected} (got ${got === undefined ? 'nothing' : JSON.stringify(got)})`);
    this.name = 'ConfigError';
  }
}
