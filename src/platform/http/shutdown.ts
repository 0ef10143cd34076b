
/**
 * Stops the app gracefully: stop accepting connections, let in-flight requests finish (new
 * requests on open connections get 503), then run `afterClose` (close the database).
 * Connections still busy after `timeoutMs` are cut. Resolves true if everything finished in time.
 */
export async function gracefulShutdown(
  app: { close(): PromiseLike<unknown>; server: { closeAllConnections(): void; closeIdleConnections(): void } },
  options: { timeoutMs: number; afterClose?: () => Promise<void> }): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      app.server.closeAllConnections();
      resolve(false);
    }, options.timeoutMs);
    timer.unref();
  });
  // A keep-alive connection whose request finishes after closing began would otherwise stay
  // open until the client's idle timeout: close each one as soon as it falls idle.
  const sweeper = setInterval(() => { app.server.closeIdleConnections(); }, 25);
  try {
    const inTime = await Promise.race([Promise.resolve(app.close()).then(() => true as const), timedOut]);
    await options.afterClose?.();
    return inTime;
  } finally {
    clearInterval(sweeper);
    clearTimeout(timer);
  }
}
