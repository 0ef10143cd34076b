import { type RefObject, useEffect, useRef, useState } from 'react';
import { ApiError, problemText } from './api.js';
import type { FieldError } from './error-summary.js';

/** What a page that changes something shows: whether a change is under way, its errors, and what was saved. */
export interface Change {
  busy: boolean;
  errors: FieldError[];
  setErrors: (errors: FieldError[]) => void;
  /** What was saved, in words, shown in a status message that takes focus. */
  notice: string | null;
  noticeRef: RefObject<HTMLParagraphElement | null>;
  /** The API answered 401: the session ended, so the page asks you to sign in again. */
  signInNeeded: boolean;
  /** Bumped after each saved change, so the page reads what changed again. */
  version: number;
  /**
   * Runs a change: `done` is what to say when it is saved (or makes it from the answer); `errorsOf400` turns the server's field
   * problems into the form's errors. Anything else is an error of the page as a whole.
   */
  run: <T>(change: () => Promise<T>, done: string | ((result: T) => string), errorsOf400: (error: ApiError) => FieldError[]) => Promise<boolean>;
  /** The message of the field with this id, or undefined when it has none. */
  errorOf: (fieldId: string) => string | undefined;
}

/** The state of a page's changes, made one at a time (each button is disabled while one is saved). */
export function useChange(): Change {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [signInNeeded, setSignInNeeded] = useState(false);
  const [version, setVersion] = useState(0);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (notice !== null) noticeRef.current?.focus();
  }, [notice]);
  const run = async <T,>(change: () => Promise<T>, done: string | ((result: T) => string), errorsOf400: (error: ApiError) => FieldError[]): Promise<boolean> => {
    setBusy(true);
    setErrors([]);
    setNotice(null);
    try {
      const result = await change();
      setNotice(typeof done === 'string' ? done : done(result));
      setVersion((v) => v + 1);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setSignInNeeded(true);
      else if (error instanceof ApiError && error.status === 400) setErrors(errorsOf400(error));
      else setErrors([{ fieldId: '', message: `The change was not saved. ${problemText(error)}` }]);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const errorOf = (fieldId: string): string | undefined => errors.filter((e) => e.fieldId === fieldId).map((e) => e.message).join('. ') || undefined;
  return { busy, errors, setErrors, notice, noticeRef, signInNeeded, version, run, errorOf };
}
