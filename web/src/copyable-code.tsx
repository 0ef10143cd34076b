import './copyable-code.css';
import { useEffect, useRef, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'selected';

/** Selects the element's text, so the person can copy it themselves. */
function selectText(element: HTMLElement): void {
  const selection = window.getSelection();
  if (selection === null) return;
  const range = document.createRange();
  range.selectNodeContents(element);
  selection.removeAllRanges();
  selection.addRange(range);
}

/**
 * Text to copy into another system (a URL, a header), as nhsuk-frontend's code component with its copy
 * button. Where the clipboard is not available (a page served over plain HTTP, a browser that asks and
 * is refused) the text is selected instead and the person is told how to copy it.
 */
export function CopyableCode({ text, label }: { text: string; label: string }) {
  const codeRef = useRef<HTMLElement>(null);
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state !== 'copied') return undefined;
    const timer = window.setTimeout(() => {
      setState('idle');
    }, 5000);
    return () => {
      window.clearTimeout(timer);
    };
  }, [state]);

  const fallBack = (): void => {
    if (codeRef.current !== null) selectText(codeRef.current);
    setState('selected');
  };
  const copy = (): void => {
    // navigator.clipboard is undefined outside a secure context, whatever the type says.
    const clipboard = (navigator as Partial<Navigator>).clipboard;
    if (clipboard === undefined) {
      fallBack();
      return;
    }
    clipboard.writeText(text).then(
      () => {
        setState('copied');
      },
      () => {
        fallBack();
      },
    );
  };

  return (
    <div className="nhsuk-code nhsuk-code--button">
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-code__button"
        aria-label={state === 'copied' ? undefined : `Copy ${label}`}
        onClick={copy}
      >
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <pre className="nhsuk-code__container">
        <code className="nhsuk-code__content app-code-wrap" ref={codeRef}>
          {text}
        </code>
      </pre>
      <div className="nhsuk-u-visually-hidden" role="status" aria-live="polite">
        {state === 'copied' && `${label} copied to the clipboard`}
      </div>
      {state === 'selected' && (
        <p className="nhsuk-body-s nhsuk-u-margin-top-2" role="alert">
          The {label} is selected: press Ctrl+C (⌘C on a Mac) to copy it.
        </p>
      )}
    </div>
  );
}
