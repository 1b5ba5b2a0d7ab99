/** Runs a child process's `main` for the crash and fault tests: exit 0 when it returns, 1 with the error when it throws. */
export function runAsChild(main: () => Promise<void>): void {
  void main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
