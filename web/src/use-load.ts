import { useCallback, useEffect, useRef, useState } from 'react';

export type LoadState<T> = { status: 'loading' } | { status: 'loaded'; value: T } | { status: 'failed'; error: unknown };

/**
 * Loads something from the API when `key` changes or `retry` is called, cancelling a load whose
 * answer is no longer wanted. `key` names what is loaded (e.g. the URL), so the latest `load` is used.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: string): { state: LoadState<T>; retry: () => void } {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const latestLoad = useRef(load);
  // Declared before the effect that loads, so it runs first in the same commit.
  useEffect(() => {
    latestLoad.current = load;
  });
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    latestLoad.current(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ status: 'loaded', value });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', error });
      },
    );
    return () => {
      controller.abort();
    };
  }, [key, attempt]);
  const retry = useCallback(() => {
    setAttempt((n) => n + 1);
  }, []);
  return { state, retry };
}
